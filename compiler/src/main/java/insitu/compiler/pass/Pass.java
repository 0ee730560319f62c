package insitu.compiler.pass;

/**
 * One step of compilation: takes the unit (the graph, and once mapped its placement) and returns
 * the next one. A pass leaves a valid unit ({@link PassPipeline#validating()} checks it) and
 * refuses bad input with one {@link insitu.errors.BadInputException} line naming the node.
 */
public interface Pass {
  /** The pass's name, for pipelines' listings and failure messages. */
  default String name() {
    return getClass().getSimpleName();
  }

  CompileUnit run(CompileUnit unit);
}
