package insitu.compiler.builder;

import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.Tensor;
import insitu.compiler.ir.ValueInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fluent builder of sequential feed-forward models, with shape tracking and seeded He/Glorot-style
 * uniform initialization (U(−1,1)/√fan_in, the paper's software backend).
 *
 * <pre>{@code
 * Graph g = ModelBuilder.input("x", 1, 8, 8).conv("conv1", 15, 3, 1, Padding.SAME).relu()
 *     .maxPool(2).flatten().dense("fc", 10, false).build("tiny", 7);
 * }</pre>
 */
public final class ModelBuilder {
  /** How a convolution pads its input. */
  public enum Padding { VALID, SAME, SAME_AFTER }

  private final String inputName;
  private final int[] inputShape;
  private final List<Node> nodes = new ArrayList<>();
  private final List<PendingWeight> weights = new ArrayList<>();
  private final Map<String, Tensor> fixed = new LinkedHashMap<>();
  private String current;
  private int[] shape; // current shape without batch
  private int counter;

  private record PendingWeight(String name, int[] shape, int fanIn) {}

  private ModelBuilder(String name, int... sampleShape) {
    inputName = name;
    inputShape = sampleShape.clone();
    current = name;
    shape = sampleShape.clone();
  }

  /** Starts a model whose samples have this shape (e.g. 1, 8, 8 for one 8×8 channel). */
  public static ModelBuilder input(String name, int... sampleShape) {
    return new ModelBuilder(name, sampleShape);
  }

  private String fresh(String base) {
    return base + "_" + (counter++);
  }

  private ModelBuilder add(String name, Op op, List<String> extraInputs, int[] outShape) {
    List<String> ins = new ArrayList<>();
    ins.add(current);
    ins.addAll(extraInputs);
    String out = name + "_out";
    nodes.add(new Node(name, op, ins, List.of(out)));
    current = out;
    shape = outShape;
    return this;
  }

  /**
   * Convolution with square kernel k, stride s. SAME pads to keep ceil(in/s) outputs, floor half
   * before and the rest after (TensorFlow's rule, the paper's); SAME_AFTER puts all padding after.
   */
  public ModelBuilder conv(String name, int outChannels, int k, int s, Padding padding) {
    int c = shape[0], h = shape[1], w = shape[2];
    int[] pads = new int[4];
    int oh, ow;
    if (padding == Padding.VALID) {
      oh = (h - k) / s + 1;
      ow = (w - k) / s + 1;
    } else {
      oh = (h + s - 1) / s;
      ow = (w + s - 1) / s;
      int ph = Math.max(0, (oh - 1) * s + k - h), pw = Math.max(0, (ow - 1) * s + k - w);
      boolean after = padding == Padding.SAME_AFTER;
      pads = new int[] {after ? 0 : ph / 2, after ? 0 : pw / 2, after ? ph : ph - ph / 2, after ? pw : pw - pw / 2};
    }
    String wName = name + ".weight";
    weights.add(new PendingWeight(wName, new int[] {outChannels, c, k, k}, c * k * k));
    return add(name, new Op.Conv(new int[] {k, k}, new int[] {s, s}, pads, new int[] {1, 1}), List.of(wName),
        new int[] {outChannels, oh, ow});
  }

  /** Fully connected layer, weights [out, in] (Gemm with transB, as PyTorch exports Linear). */
  public ModelBuilder dense(String name, int outputs, boolean bias) {
    if (shape.length != 1) throw new IllegalStateException("dense needs a flat input; call flatten() first");
    String wName = name + ".weight";
    weights.add(new PendingWeight(wName, new int[] {outputs, shape[0]}, shape[0]));
    List<String> extra = new ArrayList<>(List.of(wName));
    if (bias) {
      String b = name + ".bias";
      fixed.put(b, new Tensor(new int[] {outputs}, new double[outputs]));
      extra.add(b);
    }
    return add(name, new Op.Gemm(1, 1, false, true), extra, new int[] {outputs});
  }

  public ModelBuilder relu() {
    return add(fresh("relu"), new Op.Relu(), List.of(), shape);
  }

  public ModelBuilder tanh() {
    return add(fresh("tanh"), new Op.Tanh(), List.of(), shape);
  }

  public ModelBuilder sigmoid() {
    return add(fresh("sigmoid"), new Op.Sigmoid(), List.of(), shape);
  }

  /** Max pooling, window and stride p, 'valid'. */
  public ModelBuilder maxPool(int p) {
    int[] out = {shape[0], (shape[1] - p) / p + 1, (shape[2] - p) / p + 1};
    return add(fresh("maxpool"), new Op.MaxPool(new int[] {p, p}, new int[] {p, p}, new int[4]), List.of(), out);
  }

  public ModelBuilder flatten() {
    int n = 1;
    for (int d : shape) n *= d;
    return add(fresh("flatten"), new Op.Flatten(1), List.of(), new int[] {n});
  }

  public int[] currentShape() {
    return shape.clone();
  }

  /** Builds the graph, drawing every weight from U(−1,1)/√fan_in with the given seed. */
  public Graph build(String name, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, Tensor> inits = new LinkedHashMap<>();
    for (PendingWeight w : weights) {
      int n = 1;
      for (int d : w.shape) n *= d;
      double[] v = new double[n];
      double bound = 1 / Math.sqrt(w.fanIn);
      for (int i = 0; i < n; i++) v[i] = bound * (2 * rnd.nextDouble() - 1);
      inits.put(w.name, new Tensor(w.shape, v));
    }
    inits.putAll(fixed);
    int[] in = new int[inputShape.length + 1];
    in[0] = -1;
    System.arraycopy(inputShape, 0, in, 1, inputShape.length);
    return new Graph(name, List.of(new ValueInfo(inputName, in)), inits, nodes, List.of(current));
  }
}
