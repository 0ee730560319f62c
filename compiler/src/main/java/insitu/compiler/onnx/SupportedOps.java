package insitu.compiler.onnx;

import insitu.errors.BadInputException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which ONNX models the importer accepts, checked before any work so errors come first: default
 * operator set versions 9 to 21, the ops below ({@code docs/ONNX.md} has the table of what each
 * becomes). When a model holds several ops insitu does not run, the one that makes the model
 * impossible to run (control flow, data-dependent shapes) is named first.
 */
final class SupportedOps {
  private SupportedOps() {}

  static final long MIN_OPSET = 9, MAX_OPSET = 21;

  static final Set<String> OPS = new TreeSet<>(Set.of(
      "Conv", "ConvTranspose", "Gemm", "MatMul", "LSTM", "GRU", "RNN",
      "Add", "Sub", "Mul", "Div", "Pow", "Sum", "Mean", "Neg", "Abs", "Exp", "Log", "Sqrt", "Reciprocal",
      "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Softplus", "Softsign",
      "Clip", "Round", "Floor", "Ceil", "Sign", "Softmax", "LogSoftmax",
      "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool",
      "BatchNormalization", "InstanceNormalization", "LRN", "Dropout", "Identity",
      "ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2", "ReduceSumSquare",
      "ReduceLogSum", "ReduceLogSumExp",
      "Flatten", "Reshape", "Transpose", "Concat", "Split", "Slice", "Squeeze", "Unsqueeze", "Gather", "Pad", "Tile", "Expand",
      "Constant", "ConstantOfShape", "Shape", "Cast", "Range"));

  /** Ops that make a model something else than a fixed dataflow graph: named before any other unsupported op. */
  private static final Set<String> NOT_A_STATIC_GRAPH = Set.of("Loop", "Scan", "If", "NonZero", "Unique", "Compress", "TopK",
      "NonMaxSuppression", "SequenceConstruct", "SequenceAt", "SplitToSequence", "ConcatFromSequence");

  static void check(OnnxModel model, String source) {
    long opset = model.defaultOpset();
    if (opset < MIN_OPSET || opset > MAX_OPSET)
      throw new BadInputException(source + ": ONNX opset " + opset + " is not supported; insitu reads opsets "
          + MIN_OPSET + " to " + MAX_OPSET + ": re-export with torch.onnx.export(..., opset_version=17)");
    OnnxNode unsupported = null;
    for (OnnxNode n : model.graph().nodes()) {
      String what = source + ": node '" + n.label() + "' (" + n.opType() + ")";
      if (n.outputs().isEmpty() || n.outputs().get(0).isEmpty()) throw new BadInputException(what + " has no output");
      if (!n.domain().isEmpty() && !n.domain().equals("ai.onnx"))
        throw new BadInputException(what + " is in operator domain '" + n.domain()
            + "'; insitu supports only the standard ONNX domain (export without custom or contrib ops)");
      if (NOT_A_STATIC_GRAPH.contains(n.opType())) throw notStatic(n, what);
      if (!OPS.contains(n.opType()) && unsupported == null) unsupported = n;
    }
    if (unsupported != null)
      throw new BadInputException(source + ": node '" + unsupported.label() + "' (" + unsupported.opType()
          + ") is not supported by insitu; supported ops: " + String.join(", ", OPS));
  }

  private static BadInputException notStatic(OnnxNode n, String what) {
    return switch (n.opType()) {
      case "Loop", "Scan", "If" -> new BadInputException(what + " is control flow, which insitu does not run;"
          + " export with a fixed sequence length so PyTorch unrolls the loop (trace the model, do not script it)");
      default -> new BadInputException(what + " gives a result whose shape depends on the input's values;"
          + " insitu runs graphs whose shapes are fixed when they are compiled");
    };
  }
}
