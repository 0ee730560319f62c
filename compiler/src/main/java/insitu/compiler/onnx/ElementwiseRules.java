package insitu.compiler.onnx;

import insitu.compiler.ir.Op;
import insitu.compiler.ir.Resolver;
import insitu.compiler.ir.Tensor;
import insitu.compiler.ir.UnaryFunction;

/**
 * Elementwise ops beyond the one-to-one ones: functions with ONNX attributes ({@link Op.Unary}),
 * the variadic Sum and Mean (chains of Adds), and Dropout, which runs as the identity (inference)
 * and gives a mask of ones when a model reads its optional mask output.
 */
final class ElementwiseRules {
  private ElementwiseRules() {}

  /** The IR op of an elementwise function with its ONNX attribute defaults, or null if the op is not one. */
  static Op.Unary unary(OnnxNode n) {
    UnaryFunction fn = UnaryFunction.ofOnnx(n.opType());
    if (fn == null) return null;
    return switch (fn) {
      case ELU -> new Op.Unary(fn, Attributes.f(n, "alpha", 1.0), 0);
      case SELU -> new Op.Unary(fn, Attributes.f(n, "alpha", 1.67326319217681884765625), Attributes.f(n, "gamma", 1.05070102214813232421875));
      case HARD_SIGMOID -> new Op.Unary(fn, Attributes.f(n, "alpha", 0.2), Attributes.f(n, "beta", 0.5));
      default -> new Op.Unary(fn, 0, 0);
    };
  }

  /** Sum (mean = false) or Mean of one or more inputs, broadcasting: ((a + b) + c) ... */
  static Resolver sum(OnnxNode n, boolean mean) {
    return c -> {
      Expansion e = new Expansion(c, n.label());
      String acc = null;
      int count = 0;
      for (int k = 0; k < n.inputs().size(); k++) {
        if (!c.present(k)) continue;
        acc = acc == null ? c.input(k) : e.op("add" + k, new Op.Add(), acc, c.input(k));
        count++;
      }
      if (acc == null) throw c.error("has no inputs");
      if (mean && count > 1) acc = e.op("mean", new Op.Div(), acc, e.constant(n.label() + "/count", Tensor.scalar(count, false)));
      return e.result(acc);
    };
  }

  /** Dropout at inference: y = x; the mask (if declared) is all ones. A training_mode that is true is refused. */
  static Resolver dropout(OnnxNode n) {
    return c -> {
      if (c.present(2)) {
        if (!c.isConstant(2)) throw c.error("its training_mode input is computed at run time; export the model in eval mode (model.eval())");
        if (c.constant(2, "training_mode").data()[0] != 0)
          throw c.error("training_mode is true: random dropout at inference; export the model in eval mode (model.eval())");
      }
      Expansion e = new Expansion(c, n.label());
      String zeros = e.op("mask_zeros", new Op.Mul(), c.input(0), e.constant(n.label() + "/zero", Tensor.scalar(0, false)));
      String mask = e.op("mask", new Op.Add(), zeros, e.constant(n.label() + "/one", Tensor.scalar(1, false)));
      return e.result(c.input(0), mask);
    };
  }
}
