package insitu.compiler.pass;

import insitu.compiler.ir.Graph;
import insitu.compiler.ir.GraphPrinter;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.ValueShapes;
import insitu.compiler.mapping.Mapping;
import insitu.compiler.mapping.Target;
import insitu.errors.BadInputException;

/**
 * What the passes work on: the graph and where it came from, what shape inference found, and once
 * a target is set and the model mapped, the placement. A pass that changes the graph drops the
 * shapes and the mapping (they described the old graph).
 *
 * @param source the model's file or name, the first word of every refusal
 * @param stage IMPORTED graphs may hold compile-time ops; LOWERED ones are what the runtime runs
 * @param shapes what {@link InferShapes} found, or {@link ValueShapes#none()}
 * @param target what to map onto, or null for a graph that is only lowered
 * @param mapping the placement on the target, or null before {@link MapToTiles}
 */
public record CompileUnit(String source, Graph graph, Stage stage, ValueShapes shapes, Target target, Mapping mapping) {
  /** How far the graph has come. */
  public enum Stage { IMPORTED, LOWERED }

  /** A freshly imported graph (compile-time ops allowed). */
  public static CompileUnit imported(String source, Graph graph) {
    return new CompileUnit(source, graph, Stage.IMPORTED, ValueShapes.none(), null, null);
  }

  /** A graph already in runtime form (built in Java, read from an artifact). */
  public static CompileUnit lowered(String source, Graph graph) {
    return new CompileUnit(source, graph, Stage.LOWERED, ValueShapes.none(), null, null);
  }

  public CompileUnit withGraph(Graph g) {
    return g == graph ? this : new CompileUnit(source, g, stage, ValueShapes.none(), target, null);
  }

  public CompileUnit asLowered() {
    return new CompileUnit(source, graph, Stage.LOWERED, shapes, target, mapping);
  }

  public CompileUnit withShapes(ValueShapes s) {
    return new CompileUnit(source, graph, stage, s, target, mapping);
  }

  public CompileUnit onTarget(Target t) {
    return new CompileUnit(source, graph, stage, shapes, t, null);
  }

  public CompileUnit withMapping(Mapping m) {
    return new CompileUnit(source, graph, stage, shapes, target, m);
  }

  /** The mapping, which passes after {@link MapToTiles} need. */
  public Mapping requireMapping() {
    if (mapping == null) throw new IllegalStateException("'" + source + "' is not mapped yet");
    return mapping;
  }

  /** The target, which mapping passes need. */
  public Target requireTarget() {
    if (target == null) throw new IllegalStateException("no target to map '" + source + "' onto");
    return target;
  }

  /** One line naming the model and the node. */
  public BadInputException error(Node n, String message) {
    return new BadInputException(source + ": node '" + n.name() + "' (" + n.op().type() + "): " + message);
  }

  public BadInputException error(String message) {
    return new BadInputException(source + ": " + message);
  }

  /** The graph as text, with shapes once inferred. */
  public String dump() {
    return GraphPrinter.print(graph, shapes);
  }
}
