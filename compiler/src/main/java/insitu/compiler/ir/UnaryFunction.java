package insitu.compiler.ir;

/**
 * The elementwise functions of {@link Op.Unary}, each with its derivative next to it. One home for
 * the math: compile-time folding and the runtime kernel both call these. {@code alpha} and
 * {@code beta} are the ONNX attributes of the function (Elu's alpha, Selu's alpha and gamma,
 * HardSigmoid's alpha and beta); the others ignore them. StrictMath, so the same bits everywhere.
 */
public enum UnaryFunction {
  NEG("Neg"), ABS("Abs"), EXP("Exp"), LOG("Log"), SQRT("Sqrt"), RECIPROCAL("Reciprocal"), ELU("Elu"), SELU("Selu"),
  SOFTPLUS("Softplus"), SOFTSIGN("Softsign"), HARD_SIGMOID("HardSigmoid"), HARD_SWISH("HardSwish");

  private final String onnxName;

  UnaryFunction(String onnxName) {
    this.onnxName = onnxName;
  }

  /** The ONNX op type. */
  public String onnxName() {
    return onnxName;
  }

  /** The function named {@code onnxName}, or null. */
  public static UnaryFunction ofOnnx(String onnxName) {
    for (UnaryFunction f : values()) if (f.onnxName.equals(onnxName)) return f;
    return null;
  }

  public double apply(double x, double alpha, double beta) {
    return switch (this) {
      case NEG -> -x;
      case ABS -> Math.abs(x);
      case EXP -> StrictMath.exp(x);
      case LOG -> StrictMath.log(x);
      case SQRT -> StrictMath.sqrt(x);
      case RECIPROCAL -> 1 / x;
      case ELU -> x > 0 ? x : alpha * StrictMath.expm1(x);
      case SELU -> beta * (x > 0 ? x : alpha * StrictMath.expm1(x));
      // log(1 + e^x) without overflow: x + log(1 + e^-x) for positive x.
      case SOFTPLUS -> x > 0 ? x + StrictMath.log1p(StrictMath.exp(-x)) : StrictMath.log1p(StrictMath.exp(x));
      case SOFTSIGN -> x / (1 + Math.abs(x));
      case HARD_SIGMOID -> Math.max(0, Math.min(1, alpha * x + beta));
      case HARD_SWISH -> x * Math.max(0, Math.min(1, x / 6 + 0.5));
    };
  }

  /** dy/dx at x, given y = apply(x). At a kink, the one-sided value PyTorch uses (0 for |x| at 0). */
  public double derivative(double x, double y, double alpha, double beta) {
    return switch (this) {
      case NEG -> -1;
      case ABS -> x > 0 ? 1 : x < 0 ? -1 : 0;
      case EXP -> y;
      case LOG -> 1 / x;
      case SQRT -> 0.5 / y;
      case RECIPROCAL -> -y * y;
      case ELU -> x > 0 ? 1 : y + alpha;
      case SELU -> x > 0 ? beta : beta * alpha * StrictMath.exp(x);
      case SOFTPLUS -> 1 / (1 + StrictMath.exp(-x));
      case SOFTSIGN -> 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x)));
      case HARD_SIGMOID -> {
        double z = alpha * x + beta;
        yield z > 0 && z < 1 ? alpha : 0;
      }
      case HARD_SWISH -> x < -3 ? 0 : x > 3 ? 1 : x / 3 + 0.5;
    };
  }
}
