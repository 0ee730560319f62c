package insitu.runtime.onnx;

import static insitu.compiler.onnx.OnnxModelBuilder.attr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.boards.Board;
import insitu.boards.BoardOpener;
import insitu.compiler.Compiler;
import insitu.compiler.ModelSource;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.MappingOptions;
import insitu.compiler.onnx.OnnxAttribute;
import insitu.compiler.onnx.OnnxDataType;
import insitu.compiler.onnx.OnnxModelBuilder;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.exec.GraphExecutor;
import insitu.runtime.tensor.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The forms of ONNX LSTM, GRU and RNN the PyTorch fixtures do not reach (layout 1, reverse
 * direction, no initial state, peepholes, clip, input_forget, GRU's linear_before_reset=0, RNN)
 * against the spec's equations written out directly here, step by step, in doubles.
 */
class RecurrentOpsTest {
  static final int B = 2, S = 3, I = 4, H = 3;

  /** One model: X [B, S, I] (layout 1) → the op → Y [B, S, D, H] and Y_h [B, D, H] (and Y_c). */
  private record Case(String op, int dirs, String direction, float[] w, float[] r, float[] b, float[] p, List<OnnxAttribute> attrs) {}

  private static float[] random(SplittableRandom rnd, int n, double scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) (scale * (2 * rnd.nextDouble() - 1));
    return v;
  }

  private static Case make(String op, String direction, long seed, boolean peepholes, OnnxAttribute... attrs) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int gates = op.equals("LSTM") ? 4 : op.equals("GRU") ? 3 : 1, dirs = direction.equals("bidirectional") ? 2 : 1;
    return new Case(op, dirs, direction, random(rnd, dirs * gates * H * I, 0.8), random(rnd, dirs * gates * H * H, 0.8),
        random(rnd, dirs * 2 * gates * H, 0.5), peepholes ? random(rnd, dirs * 3 * H, 0.7) : null, List.of(attrs));
  }

  private static List<NDArray> run(Case c, NDArray x) {
    int gates = c.w.length / (c.dirs * H * I);
    OnnxModelBuilder m = new OnnxModelBuilder(c.op).input("X", OnnxDataType.FLOAT, -1, S, I).output("Y").output("Y_h")
        .floats("W", new long[] {c.dirs, gates * H, I}, c.w).floats("R", new long[] {c.dirs, gates * H, H}, c.r)
        .floats("B", new long[] {c.dirs, 2L * gates * H}, c.b);
    List<String> ins = new ArrayList<>(List.of("X", "W", "R", "B"));
    if (c.p != null) {
      m.floats("P", new long[] {c.dirs, 3 * H}, c.p);
      ins.addAll(List.of("", "", "", "P"));
    }
    List<String> outs = c.op.equals("LSTM") ? List.of("Y", "Y_h", "Y_c") : List.of("Y", "Y_h");
    if (c.op.equals("LSTM")) m.output("Y_c");
    List<OnnxAttribute> attrs = new ArrayList<>(c.attrs);
    attrs.add(attr("hidden_size", (long) H));
    attrs.add(attr("layout", 1L));
    attrs.add(attr("direction", c.direction));
    m.node(c.op, "/rnn", ins, outs, attrs.toArray(new OnnxAttribute[0]));
    Graph g = Compiler.standard().validating().load(new ModelSource.Onnx(m.opset(14).build(), c.op + ".onnx"));
    try (Board board = BoardOpener.open("sim:ideal?arrays=8", 1)) {
      Deployment d = Deployment.map(board, insitu.numeric.parallel.Workers.sequential(), g, MappingOptions.autoScale());
      d.programOpenLoop(GateResponse.paper(), 1.6);
      GraphExecutor e = d.executor();
      e.forward(x);
      return e.outputs();
    }
  }

  private static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  /** Row o of a [rows, cols] block of m (from offset) times v. */
  private static double dot(float[] m, int offset, int row, int cols, double[] v) {
    double s = 0;
    for (int k = 0; k < cols; k++) s += m[offset + row * cols + k] * v[k];
    return s;
  }

  /** The spec's equations; returns {Y [B,S,D,H], Y_h [B,D,H], Y_c [B,D,H]} flattened. */
  private static double[][] reference(Case c, NDArray x, double clip, boolean inputForget, boolean linearBeforeReset) {
    int gates = c.w.length / (c.dirs * H * I);
    double[] y = new double[B * S * c.dirs * H], yh = new double[B * c.dirs * H], yc = new double[B * c.dirs * H];
    for (int d = 0; d < c.dirs; d++) {
      boolean reverse = c.direction.equals("reverse") || d == 1;
      int wo = d * gates * H * I, ro = d * gates * H * H, bo = d * 2 * gates * H;
      for (int b = 0; b < B; b++) {
        double[] h = new double[H], cs = new double[H];
        for (int s = 0; s < S; s++) {
          int t = reverse ? S - 1 - s : s;
          double[] xt = new double[I];
          for (int k = 0; k < I; k++) xt[k] = x.data()[(b * S + t) * I + k];
          double[] pre = new double[gates * H], rec = new double[gates * H];
          for (int o = 0; o < gates * H; o++) {
            pre[o] = dot(c.w, wo, o, I, xt) + c.b[bo + o];
            rec[o] = dot(c.r, ro, o, H, h) + c.b[bo + gates * H + o];
          }
          double[] hn = new double[H];
          for (int j = 0; j < H; j++) {
            if (c.op.equals("LSTM")) {
              double pi = c.p == null ? 0 : c.p[d * 3 * H + j], po = c.p == null ? 0 : c.p[d * 3 * H + H + j], pf = c.p == null ? 0 : c.p[d * 3 * H + 2 * H + j];
              double i = sigmoid(clip(pre[j] + rec[j] + pi * cs[j], clip));
              double f = inputForget ? 1 - i : sigmoid(clip(pre[2 * H + j] + rec[2 * H + j] + pf * cs[j], clip));
              double g = Math.tanh(clip(pre[3 * H + j] + rec[3 * H + j], clip));
              cs[j] = f * cs[j] + i * g;
              double o = sigmoid(clip(pre[H + j] + rec[H + j] + po * cs[j], clip));
              hn[j] = o * Math.tanh(cs[j]);
            } else if (c.op.equals("GRU")) {
              double z = sigmoid(pre[j] + rec[j]), r = sigmoid(pre[H + j] + rec[H + j]);
              double hc;
              if (linearBeforeReset) {
                hc = Math.tanh(pre[2 * H + j] + r * rec[2 * H + j]);
              } else {
                double[] rh = new double[H];
                for (int k = 0; k < H; k++) rh[k] = sigmoid(pre[H + k] + rec[H + k]) * h[k];
                hc = Math.tanh(pre[2 * H + j] + dot(c.r, ro + 2 * H * H, j, H, rh) + c.b[bo + 5 * H + j]);
              }
              hn[j] = (1 - z) * hc + z * h[j];
            } else {
              hn[j] = Math.tanh(pre[j] + rec[j]);
            }
          }
          h = hn;
          for (int j = 0; j < H; j++) y[((b * S + t) * c.dirs + d) * H + j] = h[j];
        }
        for (int j = 0; j < H; j++) {
          yh[(b * c.dirs + d) * H + j] = h[j];
          yc[(b * c.dirs + d) * H + j] = cs[j];
        }
      }
    }
    return new double[][] {y, yh, yc};
  }

  private static double clip(double v, double c) {
    return Double.isNaN(c) ? v : Math.max(-c, Math.min(c, v));
  }

  private static NDArray input() {
    SplittableRandom rnd = new SplittableRandom(5);
    double[] v = new double[B * S * I];
    for (int i = 0; i < v.length; i++) v[i] = 2 * rnd.nextDouble() - 1;
    return new NDArray(new int[] {B, S, I}, v);
  }

  private static void check(Case c, double clip, boolean inputForget, boolean linearBeforeReset) {
    NDArray x = input();
    List<NDArray> got = run(c, x);
    double[][] want = reference(c, x, clip, inputForget, linearBeforeReset);
    assertArrayEquals(new int[] {B, S, c.dirs, H}, got.get(0).shape());
    assertArrayEquals(new int[] {B, c.dirs, H}, got.get(1).shape());
    for (int k = 0; k < got.size(); k++) assertArrayEquals(want[k], got.get(k).data(), 1e-9, c.op + " " + c.direction + " output " + k);
  }

  @Test void lstmWithPeepholesAndClipLayoutOne() {
    check(make("LSTM", "forward", 1, true, attr("clip", 0.9f)), 0.9f, false, false);
  }

  @Test void lstmReverseWithInputForgetAndNoInitialState() {
    check(make("LSTM", "reverse", 2, false, attr("input_forget", 1L)), Double.NaN, true, false);
  }

  @Test void lstmBidirectionalWithPeepholes() {
    check(make("LSTM", "bidirectional", 3, true), Double.NaN, false, false);
  }

  @Test void gruBothResetOrders() {
    check(make("GRU", "bidirectional", 4, false, attr("linear_before_reset", 1L)), Double.NaN, false, true);
    check(make("GRU", "bidirectional", 5, false), Double.NaN, false, false);
    check(make("GRU", "reverse", 6, false), Double.NaN, false, false);
  }

  @Test void rnn() {
    check(make("RNN", "bidirectional", 7, false), Double.NaN, false, false);
  }

  @Test void eachDirectionsWeightsAreOneCrossbarBlockSharedByEveryStep() {
    Case c = make("GRU", "bidirectional", 8, false);
    OnnxModelBuilder m = new OnnxModelBuilder("gru").input("X", OnnxDataType.FLOAT, -1, S, I).output("Y")
        .floats("W", new long[] {2, 3 * H, I}, c.w).floats("R", new long[] {2, 3 * H, H}, c.r).floats("B", new long[] {2, 6 * H}, c.b)
        .node("GRU", "/gru", List.of("X", "W", "R", "B"), List.of("Y"), attr("hidden_size", (long) H), attr("layout", 1L),
            attr("direction", "bidirectional"), attr("linear_before_reset", 1L));
    Graph g = Compiler.standard().load(new ModelSource.Onnx(m.build(), "gru.onnx"));
    assertEquals(java.util.Set.of("W/forward", "W/backward", "R/forward", "R/backward"), g.crossbarWeights());
    long gemms = g.nodes().stream().filter(n -> n.op() instanceof insitu.compiler.ir.Op.Gemm).count();
    assertEquals(2 * (S + S - 1), gemms, "per direction S input Gemms and S − 1 state Gemms (the first state is zero)");
  }

  @Test void unsupportedFormsAreRefusedNamingTheAttribute() {
    Case c = make("LSTM", "forward", 9, false, attr("activations", new String[] {"Relu", "Tanh", "Tanh"}));
    String msg = org.junit.jupiter.api.Assertions.assertThrows(insitu.errors.BadInputException.class, () -> run(c, input())).getMessage();
    assertTrue(msg.contains("node '/rnn' (LSTM): attribute activations [Relu, Tanh, Tanh] is not supported"), msg);
  }
}
