package insitu.compiler.pass;

import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds every inference-mode BatchNormalization into the Conv or Gemm right before it:
 * y = s·(W·x + b − mean) + beta with s = gamma / sqrt(var + eps) is W' = s·W (per output) and
 * b' = s·(b − mean) + beta. The crossbar then holds W' and no BatchNorm runs at all; a Conv
 * without a bias gets one. The folded weight can exceed the usual weight range; {@code
 * MappingOptions.autoScale()} picks a block scale that keeps it inside the conductance window.
 * A BatchNorm after anything else (a pool, an activation, a shared layer) stays: it runs
 * digitally, its statistics fixed and its scale and bias trainable. Runs on a lowered graph.
 */
public final class FoldBatchNorm implements Pass {

  @Override public CompileUnit run(CompileUnit unit) {
    Graph g = unit.graph();
    if (g.nodes().stream().noneMatch(n -> n.op() instanceof Op.BatchNormalization)) return unit;
    List<Node> nodes = new ArrayList<>(g.nodes());
    Map<String, Tensor> inits = new LinkedHashMap<>(g.initializers());
    for (int k = 0; k < nodes.size(); k++) {
      if (nodes.get(k).op() instanceof Op.BatchNormalization bn) {
        Node merged = fold(unit, nodes, inits, nodes.get(k), bn);
        if (merged == null) continue;
        int prev = nodes.indexOf(producer(nodes, nodes.get(k).input(0)));
        nodes.set(k, merged);
        nodes.remove(prev);
        k--;
      }
    }
    return unit.withGraph(g.with(g.inputs(), inits, nodes));
  }

  /**
   * The Conv or Gemm with the BatchNorm folded in, writing the BatchNorm's output (it takes the
   * BatchNorm's place), or null when the node before it is not a Conv or Gemm that only it reads.
   */
  private static Node fold(CompileUnit unit, List<Node> nodes, Map<String, Tensor> inits, Node bn, Op.BatchNormalization op) {
    String x = bn.input(0);
    Node prev = producer(nodes, x);
    boolean foldable = prev != null && (prev.op() instanceof Op.Conv || prev.op() instanceof Op.Gemm) && uses(unit, nodes, x) == 1
        && uses(unit, nodes, prev.input(1)) == 1;
    if (!foldable) return null;
    double[] gamma = constant(unit, inits, bn, 1), beta = constant(unit, inits, bn, 2), mean = constant(unit, inits, bn, 3),
        var = constant(unit, inits, bn, 4);
    int channels = gamma.length;
    double[] scale = new double[channels], shift = new double[channels];
    for (int c = 0; c < channels; c++) {
      scale[c] = gamma[c] / Math.sqrt(var[c] + op.epsilon());
      shift[c] = beta[c] - scale[c] * mean[c];
    }
    Tensor w = inits.get(prev.input(1));
    boolean conv = prev.op() instanceof Op.Conv;
    Op.Gemm gemm = conv ? null : (Op.Gemm) prev.op();
    int outputs = conv || gemm.transB() ? w.dim(0) : w.dim(1);
    if (outputs != channels) throw unit.error(bn, "has " + channels + " channels but '" + prev.name() + "' produces " + outputs);

    double[] wd = new double[w.size()];
    w.read(0, wd, 0, wd.length);
    int per = wd.length / outputs;
    for (int k = 0; k < wd.length; k++) {
      // Conv [Cout, ...] and Gemm transB [out, in] are output-major; Gemm [in, out] is output-minor.
      int o = conv || gemm.transB() ? k / per : k % outputs;
      wd[k] *= scale[o];
    }
    inits.put(prev.input(1), new Tensor(w.shape(), wd));

    double betaGemm = conv ? 1 : gemm.beta();
    String oldBias = prev.inputs().size() > 2 ? prev.input(2) : null;
    double[] b = oldBias == null ? null : inits.get(oldBias).data();
    if (b != null && b.length != 1 && b.length != channels)
      throw unit.error(bn, "cannot be folded: the bias of '" + prev.name() + "' has " + b.length + " values");
    double[] bias = new double[channels];
    for (int c = 0; c < channels; c++) {
      double b0 = b == null ? 0 : betaGemm * b[b.length == 1 ? 0 : c];
      bias[c] = scale[c] * b0 + shift[c];
    }
    String biasName;
    if (oldBias != null && uses(unit, nodes, oldBias) == 1) {
      biasName = oldBias;
      inits.put(biasName, new Tensor(new int[] {channels}, bias));
    } else {
      // A new bias goes right after the layer's other constants, so constants stay grouped by layer.
      biasName = fresh(unit.graph(), inits, bn.output(0) + "/folded_bias");
      putAfter(inits, oldBias != null ? oldBias : prev.input(1), biasName, new Tensor(new int[] {channels}, bias));
    }
    Op merged = conv ? prev.op() : new Op.Gemm(gemm.alpha(), 1, gemm.transA(), gemm.transB());
    return new Node(prev.name(), merged, List.of(prev.input(0), prev.input(1), biasName), List.of(bn.output(0)));
  }

  private static double[] constant(CompileUnit unit, Map<String, Tensor> inits, Node bn, int k) {
    Tensor t = inits.get(bn.input(k));
    if (t == null) throw unit.error(bn, "its " + bn.op().constantRole(k).orElse("input") + " '" + bn.input(k) + "' is not a constant");
    return t.data();
  }

  private static Node producer(List<Node> nodes, String value) {
    for (Node n : nodes) if (n.outputs().contains(value)) return n;
    return null;
  }

  /** How many node inputs (and graph outputs) read a value. */
  private static int uses(CompileUnit unit, List<Node> nodes, String value) {
    int n = (int) unit.graph().outputs().stream().filter(value::equals).count();
    for (Node node : nodes) for (String i : node.inputs()) if (i.equals(value)) n++;
    return n;
  }

  private static String fresh(Graph g, Map<String, Tensor> inits, String base) {
    Set<String> names = new HashSet<>(inits.keySet());
    for (Node n : g.nodes()) {
      names.add(n.name());
      names.addAll(n.outputs());
    }
    g.inputs().forEach(i -> names.add(i.name()));
    String name = base;
    for (int k = 1; names.contains(name); k++) name = base + "_" + k;
    return name;
  }

  private static void putAfter(Map<String, Tensor> map, String after, String key, Tensor value) {
    Map<String, Tensor> copy = new LinkedHashMap<>(map);
    map.clear();
    for (var e : copy.entrySet()) {
      map.put(e.getKey(), e.getValue());
      if (e.getKey().equals(after)) map.put(key, value);
    }
    map.putIfAbsent(key, value);
  }
}
