package insitu.compiler.ir;

/** The values of {@link Op.StepFunction}, shared by constant folding and the runtime. */
public final class StepFunctions {
  private StepFunctions() {}

  /** ONNX semantics: Round is round-half-to-even, Sign of 0 is 0. */
  public static double apply(Op.StepFunction.Kind kind, double v) {
    return switch (kind) {
      case ROUND -> Math.rint(v);
      case FLOOR -> Math.floor(v);
      case CEIL -> Math.ceil(v);
      case SIGN -> Math.signum(v);
    };
  }
}
