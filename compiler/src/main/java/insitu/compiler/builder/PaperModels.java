package insitu.compiler.builder;

import insitu.compiler.builder.ModelBuilder.Padding;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.Tensor;
import java.util.SplittableRandom;

/** The networks of Wang et al., Nature Machine Intelligence 1, 434 (2019). */
public final class PaperModels {
  /** ConvLSTM geometry (paper-spec §1.2). */
  public static final int STEPS = 3, FRAME = 8, HIDDEN = 5, GATES = 4 * HIDDEN, CELL = 6, CLASSES = 6;

  private PaperModels() {}

  /**
   * The five-level CNN: 8×8 → conv 3×3×15 'same' ReLU → conv 2×2×4 'same' (pad after) linear →
   * maxpool 2 → dense 64→10, no biases, 1,015 weights. Softmax belongs to the loss.
   */
  public static Graph cnn(long seed) {
    return ModelBuilder.input("input", 1, 8, 8)
        .conv("conv1", 15, 3, 1, Padding.SAME).relu()
        .conv("conv2", 4, 2, 1, Padding.SAME_AFTER)
        .maxPool(2).flatten()
        .dense("fc", 10, false)
        .build("paper-cnn", seed);
  }

  /**
   * The three-level ConvLSTM (paper-spec §1.2), unrolled over 3 frames: input [N, 3, 1, 8, 8] with
   * pixels in [0, 1]. Each step maps the frame to the paper's voltages (0.4·x − 0.2), builds every
   * output pixel's input vector as [3×3 x-patch ('valid'), 2×2×5 h-patch (h padded 0 before, 1
   * after)] = 29 values, and multiplies it by ONE weight {@code lstm.weight} [29, 20] whose 20
   * outputs are the gates a (tanh), i, f, o (sigmoid), 5 channels each. Then c = i⊙a + f⊙c',
   * h = o⊙tanh(c), maxpool 2 → 3×3×5, flatten 45, dense 45→6 ({@code fc.weight} [6, 45]) → logits.
   * Every step uses the same two weights (580 + 270 = 850 on two crossbar blocks), so the graph's
   * backward pass is BPTT. Outputs: the logits of steps 1, 2, 3 (the last one is the prediction).
   */
  public static Graph convLstm(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    GraphBuilder g = new GraphBuilder("input", STEPS, 1, FRAME, FRAME);
    int patch = 9 + HIDDEN * 4;
    String w = g.initializer("lstm.weight", uniform(rnd, new int[] {patch, GATES}, patch));
    String fc = g.initializer("fc.weight", uniform(rnd, new int[] {CLASSES, HIDDEN * 9}, HIDDEN * 9));
    String gain = g.initializer("input.gain", new Tensor(new int[] {1}, new double[] {0.4}));
    String offset = g.initializer("input.offset", new Tensor(new int[] {1}, new double[] {-0.2}));
    String zeros = g.initializer("state.zeros", new Tensor(new int[] {1, HIDDEN, CELL, CELL}, new double[HIDDEN * CELL * CELL]));

    String h = null, c = null;
    for (int t = 0; t < STEPS; t++) {
      String frame = g.op("frame" + t, new Op.Gather(1, new long[] {t}, true), g.input());
      String x = g.op("volts" + t, new Op.Add(), g.op("gain" + t, new Op.Mul(), frame, gain), offset);
      if (t == 0) {
        // h0 = c0 = 0 with the batch size of the input: zeros [1,5,6,6] broadcast against a 6×6
        // corner of the frame times 0 (the IR has no Expand; the gradient through it is 0).
        String corner = g.op("corner", new Op.Slice(new long[] {0, 0}, new long[] {CELL, CELL}, new int[] {2, 3}, new long[] {1, 1}), x);
        h = g.op("h_init", new Op.Mul(), corner, zeros);
        c = h;
      }
      String[] hc = step(g, t, x, h, c, w);
      h = hc[0];
      c = hc[1];
      String pooled = g.op("pool" + t, new Op.MaxPool(new int[] {2, 2}, new int[] {2, 2}, new int[4]), h);
      String flat = g.op("flatten" + t, new Op.Flatten(1), pooled);
      g.output(g.op("fc" + t, new Op.Gemm(1, 1, false, true), flat, fc));
    }
    return g.build("paper-convlstm");
  }

  /** One ConvLSTM step; returns {h_t, c_t}. */
  private static String[] step(GraphBuilder g, int t, String x, String hPrev, String cPrev, String w) {
    String xp = g.op("xpatch" + t, new Op.Im2Col(new int[] {3, 3}, new int[] {1, 1}, new int[4]), x);
    String hp = g.op("hpatch" + t, new Op.Im2Col(new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0, 1, 1}), hPrev);
    String both = g.op("patches" + t, new Op.Concat(2), xp, hp);               // [N, 36, 29]
    String z = g.op("gates" + t, new Op.MatMul(), both, w);                     // [N, 36, 20] on the crossbar
    String zc = g.op("channels" + t, new Op.Transpose(new int[] {0, 2, 1}), z);  // [N, 20, 36]
    String zi = g.op("image" + t, new Op.Reshape(new long[] {0, GATES, CELL, CELL}), zc);
    String[] parts = g.op("split" + t, new Op.Split(1, new int[] {HIDDEN, HIDDEN, HIDDEN, HIDDEN}), 4, zi);
    String a = g.op("a" + t, new Op.Tanh(), parts[0]);
    String i = g.op("i" + t, new Op.Sigmoid(), parts[1]);
    String f = g.op("f" + t, new Op.Sigmoid(), parts[2]);
    String o = g.op("o" + t, new Op.Sigmoid(), parts[3]);
    String c = g.op("c" + t, new Op.Add(), g.op("ia" + t, new Op.Mul(), i, a), g.op("fcprev" + t, new Op.Mul(), f, cPrev));
    String h = g.op("h" + t, new Op.Mul(), o, g.op("tanh_c" + t, new Op.Tanh(), c));
    return new String[] {h, c};
  }

  /** U(−1,1)/√fan_in, the paper's software initialization (as {@link ModelBuilder}). */
  private static Tensor uniform(SplittableRandom rnd, int[] shape, int fanIn) {
    int n = 1;
    for (int d : shape) n *= d;
    double[] v = new double[n];
    double bound = 1 / Math.sqrt(fanIn);
    for (int k = 0; k < n; k++) v[k] = bound * (2 * rnd.nextDouble() - 1);
    return new Tensor(shape, v);
  }
}
