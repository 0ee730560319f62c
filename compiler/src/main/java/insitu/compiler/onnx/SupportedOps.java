package insitu.compiler.onnx;

import insitu.errors.BadInputException;
import java.util.Set;
import java.util.TreeSet;

/** Which ONNX models the importer accepts, checked before any work so errors come first. */
final class SupportedOps {
  private SupportedOps() {}

  static final long MIN_OPSET = 13, MAX_OPSET = 17;

  static final Set<String> OPS = new TreeSet<>(Set.of(
      "Conv", "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Relu", "LeakyRelu", "Sigmoid", "Tanh",
      "Softmax", "LogSoftmax", "MaxPool", "AveragePool", "GlobalAveragePool", "Flatten", "Reshape",
      "Transpose", "Concat", "Split", "Slice", "Squeeze", "Unsqueeze", "Gather", "Pad", "Identity",
      "Dropout", "BatchNormalization", "Clip", "Constant", "ConstantOfShape", "Shape", "Cast", "Range",
      "Round", "Floor", "Ceil", "Sign"));

  static void check(OnnxModel model, String source) {
    long opset = model.defaultOpset();
    if (opset < MIN_OPSET || opset > MAX_OPSET)
      throw new BadInputException(source + ": ONNX opset " + opset + " is not supported; insitu reads opsets "
          + MIN_OPSET + " to " + MAX_OPSET + ": re-export with torch.onnx.export(..., opset_version=17)");
    for (OnnxNode n : model.graph().nodes()) check(n, source);
  }

  private static void check(OnnxNode n, String source) {
    String what = source + ": node '" + n.label() + "' (" + n.opType() + ")";
    if (!n.domain().isEmpty() && !n.domain().equals("ai.onnx"))
      throw new BadInputException(what + " is in operator domain '" + n.domain()
          + "'; insitu supports only the standard ONNX domain (export without custom or contrib ops)");
    switch (n.opType()) {
      case "Loop", "Scan", "If" -> throw new BadInputException(what + " is control flow, which insitu does not run;"
          + " export with a fixed sequence length so PyTorch unrolls the loop (trace the model, do not script it)");
      default -> {
        if (!OPS.contains(n.opType()))
          throw new BadInputException(what + " is not supported by insitu; supported ops: " + String.join(", ", OPS));
      }
    }
  }
}
