package insitu.compiler.onnx;

import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.Tensor;
import insitu.compiler.onnx.TracedValue.Const;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds an inference-mode BatchNormalization into the Conv or Gemm right before it:
 * y = s·(W·x + b − mean) + beta with s = gamma / sqrt(var + eps) is W' = s·W (per output) and
 * b' = s·(b − mean) + beta. The crossbar then holds W' and no BatchNorm runs at all. The folded
 * weight can exceed the usual weight range; {@code MappingOptions.autoScale()} picks a block scale
 * that keeps it inside the conductance window.
 */
final class BatchNormFolder {
  private final ImportState s;

  BatchNormFolder(ImportState state) {
    this.s = state;
  }

  void fold(OnnxNode bn) {
    if (Attributes.i(bn, "training_mode", 0) != 0)
      throw s.error(bn, "training_mode=1; export the model in eval mode (model.eval()) so BatchNormalization can be folded");
    if (bn.outputs().stream().skip(1).anyMatch(o -> !o.isEmpty() && s.onnxUses(o) > 0))
      throw s.error(bn, "its running statistics outputs are used; export in eval mode");
    String x = bn.inputs().get(0);
    Const gamma = s.constant(bn, bn.inputs().get(1), "scale");
    Const beta = s.constant(bn, bn.inputs().get(2), "bias");
    Const mean = s.constant(bn, bn.inputs().get(3), "mean");
    Const var = s.constant(bn, bn.inputs().get(4), "variance");
    double eps = Attributes.f(bn, "epsilon", 1e-5);

    int at = producer(x);
    Node prev = at < 0 ? null : s.nodes.get(at);
    String why = prev == null ? "its input is not computed by a Conv or Gemm"
        : !(prev.op() instanceof Op.Conv || prev.op() instanceof Op.Gemm) ? "its input comes from " + prev.op().type() + ", not Conv or Gemm"
        : s.onnxUses(x) != 1 ? "the output of '" + prev.name() + "' is also used elsewhere"
        : s.onnxUses(prev.input(1)) != 1 ? "the weight '" + prev.input(1) + "' is shared with other nodes"
        : null;
    if (why != null)
      throw s.error(bn, "cannot be folded: " + why + "; insitu folds BatchNormalization only directly after a Conv or Gemm"
          + " whose output feeds nothing else");

    int channels = gamma.data().length;
    double[] scale = new double[channels], shift = new double[channels];
    for (int c = 0; c < channels; c++) {
      scale[c] = gamma.data()[c] / Math.sqrt(var.data()[c] + eps);
      shift[c] = beta.data()[c] - scale[c] * mean.data()[c];
    }
    Tensor w = s.initializers.get(prev.input(1));
    boolean conv = prev.op() instanceof Op.Conv;
    Op.Gemm gemm = conv ? null : (Op.Gemm) prev.op();
    int outputs = conv || gemm.transB() ? w.dim(0) : w.dim(1);
    if (outputs != channels)
      throw s.error(bn, "has " + channels + " channels but '" + prev.name() + "' produces " + outputs);

    double[] wd = w.data().clone();
    int per = wd.length / outputs;
    for (int k = 0; k < wd.length; k++) {
      // Conv [Cout, ...] and Gemm transB [out, in] are output-major; Gemm [in, out] is output-minor.
      int o = conv || gemm.transB() ? k / per : k % outputs;
      wd[k] *= scale[o];
    }
    s.initializers.put(prev.input(1), new Tensor(w.shape(), wd));

    double betaGemm = conv ? 1 : gemm.beta();
    double[] bias = new double[channels];
    String oldBias = prev.inputs().size() > 2 ? prev.input(2) : null;
    double[] b = oldBias == null ? null : s.initializers.get(oldBias).data();
    if (b != null && b.length != 1 && b.length != channels)
      throw s.error(bn, "cannot be folded: the bias of '" + prev.name() + "' has " + b.length + " values");
    for (int c = 0; c < channels; c++) {
      double b0 = b == null ? 0 : betaGemm * b[b.length == 1 ? 0 : c];
      bias[c] = scale[c] * b0 + shift[c];
    }
    String biasName = oldBias != null && s.onnxUses(oldBias) == 1 ? oldBias : s.fresh(bn.outputs().get(0) + "/folded_bias");
    s.initializers.put(biasName, new Tensor(new int[] {channels}, bias));

    Op op = conv ? prev.op() : new Op.Gemm(gemm.alpha(), 1, gemm.transA(), gemm.transB());
    List<String> ins = new ArrayList<>(List.of(prev.input(0), prev.input(1), biasName));
    s.nodes.remove(at);
    s.emit(bn, new Node(prev.name(), op, ins, List.of(bn.outputs().get(0))));
  }

  private int producer(String value) {
    for (int k = s.nodes.size() - 1; k >= 0; k--) if (s.nodes.get(k).outputs().contains(value)) return k;
    return -1;
  }
}
