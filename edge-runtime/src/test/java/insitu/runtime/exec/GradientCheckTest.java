package insitu.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.compiler.builder.GraphBuilder;
import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.Tensor;
import insitu.runtime.tensor.NDArray;
import insitu.runtime.train.Loss;
import insitu.numeric.parallel.Workers;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Finite differences against backward for every differentiable op, for the unrolled ConvLSTM and
 * for a weight shared by several steps. Tolerance: relative error ≤ 1e-6 (central differences,
 * h = 1e-5, doubles, ideal board); inputs are kept away from kinks (ReLU 0, Clip bounds, MaxPool ties).
 */
class GradientCheckTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }


  /** Input values: uniform in [lo, hi], pushed at least {@code gap} away from each of {@code kinks}. */
  static NDArray input(long seed, double lo, double hi, double[] kinks, double gap, int... shape) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] v = new double[NDArray.sizeOf(shape)];
    for (int i = 0; i < v.length; i++) {
      double x = lo + (hi - lo) * rnd.nextDouble();
      for (double k : kinks) if (Math.abs(x - k) < gap) x = k + (x < k ? -gap : gap);
      v[i] = x;
    }
    return new NDArray(shape, v);
  }

  static NDArray input(long seed, int... shape) {
    return input(seed, -1, 1, new double[0], 0, shape);
  }

  static Tensor random(long seed, int... shape) {
    NDArray a = input(seed, shape);
    return new Tensor(shape, a.data());
  }

  /** A graph of one input of the given sample shape, built by {@code body}, which marks outputs. */
  static Graph graph(int[] shape, BiConsumer<GraphBuilder, String> body) {
    int[] sample = java.util.Arrays.copyOfRange(shape, 1, shape.length);
    GraphBuilder g = new GraphBuilder("x", sample);
    body.accept(g, g.input());
    return g.build("check");
  }

  static void checkInput(String what, Graph g, NDArray x) {
    double err = GradientChecker.randomLinear(g, x, 7).inputError(g, x, 60, 3);
    System.out.printf("gradient check %-32s dL/dx   max rel error %.1e%n", what, err);
    assertTrue(err < GradientChecker.TOLERANCE, what + ": dL/dx relative error " + err);
  }

  static void checkWeight(String what, Graph g, String weight, NDArray x, int count) {
    double err = GradientChecker.randomLinear(g, x, 7).weightError(g, weight, x, count, 5);
    System.out.printf("gradient check %-32s dL/d%-4s max rel error %.1e%n", what, weight.replace(".weight", ""), err);
    assertTrue(err < GradientChecker.TOLERANCE, what + ": dL/d" + weight + " relative error " + err);
  }

  static void unary(String what, Op op, NDArray x) {
    checkInput(what, graph(x.shape(), (g, in) -> g.output(g.op("u", op, in))), x);
  }

  @Test void activations() {
    unary("Relu", new Op.Relu(), input(1, -1, 1, new double[] {0}, 0.01, 2, 3, 4));
    unary("LeakyRelu", new Op.LeakyRelu(0.1), input(2, -1, 1, new double[] {0}, 0.01, 2, 3, 4));
    unary("Sigmoid", new Op.Sigmoid(), input(3, -3, 3, new double[0], 0, 2, 3, 4));
    unary("Tanh", new Op.Tanh(), input(4, -3, 3, new double[0], 0, 2, 3, 4));
    unary("Clip", new Op.Clip(-0.5, 0.5), input(5, -1, 1, new double[] {-0.5, 0.5}, 0.01, 2, 3, 4));
    unary("Identity", new Op.Identity(), input(6, 2, 3, 4));
  }

  /**
   * Both operands depend on x; the second broadcasts ([1,3,1] against [2,3,4]) on either side, or
   * has x's shape (x itself, tanh x).
   */
  static void binary(String what, Op op, NDArray x) {
    Graph g = graph(x.shape(), (b, in) -> {
      String small = b.op("s", new Op.Slice(new long[] {0, 1}, new long[] {1, 2}, new int[] {0, 2}, new long[0]), in);
      b.output(b.op("ab", op, in, small));
      b.output(b.op("ba", op, small, in));
      String scale = b.initializer("c", new Tensor(new int[] {4}, new double[] {0.5, 1.5, 2, 0.75}));
      b.output(b.op("ac", op, in, scale));
      // No broadcasting: the same slot twice, and two slots of one shape.
      b.output(b.op("aa", op, in, in));
      b.output(b.op("at", op, in, b.op("t", new Op.Tanh(), in)));
    });
    checkInput(what, g, x);
  }

  @Test void arithmeticWithBroadcasting() {
    binary("Add", new Op.Add(), input(11, 2, 3, 4));
    binary("Sub", new Op.Sub(), input(12, 2, 3, 4));
    binary("Mul", new Op.Mul(), input(13, 2, 3, 4));
    binary("Div", new Op.Div(), input(14, 0.5, 1.5, new double[0], 0, 2, 3, 4));
  }

  @Test void softmaxes() {
    NDArray x = input(21, 2, 3, 4);
    unary("Softmax axis 1", new Op.Softmax(1), x);
    unary("Softmax axis -1", new Op.Softmax(-1), x);
    unary("LogSoftmax axis 1", new Op.LogSoftmax(1), x);
    unary("LogSoftmax axis -1", new Op.LogSoftmax(-1), x);
  }

  @Test void pooling() {
    NDArray x = input(31, 2, 2, 5, 5);
    unary("MaxPool 2/2 pad after", new Op.MaxPool(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0, 1, 1}), x);
    unary("MaxPool 3/1 overlapping", new Op.MaxPool(new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1, 1, 1}), x);
    unary("MaxPool 2/2 unpadded", new Op.MaxPool(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0, 0, 0}), input(32, 2, 2, 6, 6));
    // An odd size leaves the last row and column outside every window: their gradient is zero.
    unary("MaxPool 2/2 unpadded, odd size", new Op.MaxPool(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0, 0, 0}), input(33, 2, 2, 5, 7));
    // The pool's input also feeds another op: the pool adds into a gradient that already exists.
    checkInput("MaxPool 2/2 beside another use", graph(new int[] {2, 2, 6, 6}, (g, in) -> {
      g.output(g.op("r", new Op.Relu(), in));
      g.output(g.op("p", new Op.MaxPool(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0, 0, 0}), in));
    }), input(34, 2, 2, 6, 6));
    checkInput("MaxPool 2/2 beside another use, other order", graph(new int[] {2, 2, 6, 6}, (g, in) -> {
      g.output(g.op("p", new Op.MaxPool(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0, 0, 0}), in));
      g.output(g.op("r", new Op.Relu(), in));
    }), input(35, 2, 2, 6, 6));
    unary("AveragePool excl pad", new Op.AveragePool(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1, 1, 1}, false), x);
    unary("AveragePool incl pad", new Op.AveragePool(new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0, 1, 1}, true), x);
    unary("GlobalAveragePool", new Op.GlobalAveragePool(), x);
  }

  /** Tied maxima: the gradient goes to the first tied element of each window, on every path. */
  @Test void maxPoolTiesSendTheGradientToTheFirstWinner() {
    double[] plane = {
        1, 1, 0, 2,
        0, 0, 2, 2,
        -0.0, 0.0, 5, 4,
        -1, -1, 5, 5};
    int[] firstWinners = {0, 3, 8, 10}; // windows in raster order
    for (int[] pads : new int[][] {{0, 0, 0, 0}, {0, 0, 1, 1}}) { // the 2×2 fast path, and the general loop
      Graph g = graph(new int[] {1, 1, 4, 4}, (b, in) -> b.output(b.op("p", new Op.MaxPool(new int[] {2, 2}, new int[] {2, 2}, pads), in)));
      GraphExecutor ex = new GraphExecutor(g, java.util.Map.of(), WORKERS);
      ex.enableInputGradient();
      NDArray y = ex.forward(new NDArray(new int[] {1, 1, 4, 4}, plane.clone()));
      int ow = y.dim(3);
      double[] gy = new double[y.size()];
      for (int w = 0; w < 4; w++) gy[(w / 2) * ow + w % 2] = w + 1;
      ex.backward(java.util.List.of(new NDArray(y.shape(), gy)));
      double[] gx = ex.inputGradient().data();
      for (int w = 0; w < 4; w++)
        org.junit.jupiter.api.Assertions.assertEquals(w + 1, gx[firstWinners[w]], "pads " + java.util.Arrays.toString(pads) + ", window " + w);
      org.junit.jupiter.api.Assertions.assertEquals(10, java.util.Arrays.stream(gx).sum(), 0, "nothing else receives gradient");
      org.junit.jupiter.api.Assertions.assertEquals(0.0, y.data()[ow], 0, "a zero maximum"); // its sign may differ between paths
    }
  }

  @Test void shapesAndDataMovement() {
    NDArray x = input(41, 2, 3, 4);
    unary("Flatten", new Op.Flatten(1), x);
    unary("Reshape", new Op.Reshape(new long[] {0, -1, 2}), x);
    unary("Transpose", new Op.Transpose(new int[] {2, 0, 1}), x);
    unary("Slice step 2", new Op.Slice(new long[] {0, 1}, new long[] {3, 4}, new int[] {1, 2}, new long[] {2, 2}), x);
    unary("Slice negative step", new Op.Slice(new long[] {-1}, new long[] {-5}, new int[] {2}, new long[] {-1}), x);
    unary("Gather scalar", new Op.Gather(1, new long[] {2}, true), x);
    unary("Gather repeated indices", new Op.Gather(2, new long[] {3, 0, 3, -1}, false), x);
    unary("Pad", new Op.Pad(new long[] {0, 1, 2, 1, 0, 1}, 0.5), x);
    checkInput("Unsqueeze+Squeeze", graph(x.shape(), (g, in) -> {
      String u = g.op("u", new Op.Unsqueeze(new int[] {1, 4}), in);
      g.output(u);
      g.output(g.op("s", new Op.Squeeze(new int[] {1}), u));
    }), x);
    checkInput("Concat", graph(x.shape(), (g, in) -> {
      String s = g.op("s", new Op.Slice(new long[] {1}, new long[] {3}, new int[] {2}, new long[0]), in);
      g.output(g.op("c", new Op.Concat(2), in, s, in));
    }), x);
    checkInput("Split", graph(x.shape(), (g, in) -> {
      String[] parts = g.op("sp", new Op.Split(2, new int[] {1, 3}), 2, in);
      g.output(parts[1]);
      g.output(parts[0]);
    }), x);
    checkInput("Split equal, one part unused", graph(x.shape(), (g, in) -> g.output(g.op("sp", new Op.Split(1, new int[0]), 3, in)[2])), x);
  }

  @Test void im2col() {
    NDArray x = input(51, 2, 2, 5, 4);
    unary("Im2Col", new Op.Im2Col(new int[] {2, 3}, new int[] {2, 1}, new int[] {1, 0, 0, 1}), x);
    unary("Im2Col ConvLSTM h-patch", new Op.Im2Col(new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0, 1, 1}), input(52, 2, 5, 6, 6));
  }

  @Test void convOnCrossbar() {
    NDArray x = input(61, 2, 2, 5, 5);
    for (int[] dil : new int[][] {{1, 1}, {2, 1}}) {
      Graph g = graph(x.shape(), (b, in) -> {
        b.initializer("w", random(62, 3, 2, 3, 3));
        b.initializer("b", random(63, 3));
        b.output(b.op("conv", new Op.Conv(new int[] {3, 3}, new int[] {2, 1}, new int[] {1, 0, 0, 1}, dil), in, "w", "b"));
      });
      String what = "Conv dilation " + java.util.Arrays.toString(dil);
      checkInput(what, g, x);
      checkWeight(what, g, "w", x, 54);
      checkWeight(what, g, "b", x, 3);
    }
  }

  @Test void gemmAndMatMulOnCrossbar() {
    NDArray x = input(71, 3, 4);
    Graph t = graph(x.shape(), (b, in) -> {
      b.initializer("w", random(72, 5, 4));
      b.initializer("b", random(73, 5));
      b.output(b.op("gemm", new Op.Gemm(0.7, 1.3, false, true), in, "w", "b"));
    });
    checkInput("Gemm transB", t, x);
    checkWeight("Gemm transB", t, "w", x, 20);
    checkWeight("Gemm transB", t, "b", x, 5);
    Graph n = graph(x.shape(), (b, in) -> {
      b.initializer("w", random(74, 4, 5));
      b.output(b.op("gemm", new Op.Gemm(1, 1, false, false), in, "w"));
    });
    checkInput("Gemm", n, x);
    checkWeight("Gemm", n, "w", x, 20);
    NDArray x3 = input(75, 2, 3, 4);
    Graph m = graph(x3.shape(), (b, in) -> {
      b.initializer("w", random(76, 4, 5));
      b.output(b.op("mm", new Op.MatMul(), in, "w"));
    });
    checkInput("MatMul batch dims", m, x3);
    checkWeight("MatMul batch dims", m, "w", x3, 20);
  }

  /** y1 = x·W, y2 = tanh(y1)·W: W's gradient is the sum of both uses (BPTT's accumulation). */
  @Test void weightSharedByTwoSteps() {
    NDArray x = input(81, 3, 4);
    Graph g = graph(x.shape(), (b, in) -> {
      b.initializer("w", random(82, 4, 4));
      String y1 = b.op("step1", new Op.MatMul(), in, "w");
      String y2 = b.op("step2", new Op.MatMul(), b.op("tanh", new Op.Tanh(), y1), "w");
      b.output(y1).output(y2);
    });
    assertTrue(g.crossbarWeights().size() == 1);
    checkInput("shared weight", g, x);
    checkWeight("shared weight", g, "w", x, 16);
  }

  @Test void unrolledConvLstm() {
    Graph g = PaperModels.convLstm(3);
    assertTrue(g.crossbarWeights().size() == 2 && g.crossbarWeightCount() == 850);
    NDArray x = input(91, 0, 1, new double[0], 0, 2, 3, 1, 8, 8);
    checkInput("ConvLSTM", g, x);
    checkWeight("ConvLSTM", g, "lstm.weight", x, 16);
    checkWeight("ConvLSTM", g, "fc.weight", x, 8);
    // The training loss itself: cross-entropy on the last step, gradients flow back through all three.
    GradientChecker ce = GradientChecker.of(Loss.crossEntropy(Loss.Steps.LAST), new int[] {4, 1}, 6);
    double ex = ce.inputError(g, x, 30, 9), ew = ce.weightError(g, "lstm.weight", x, 12, 9);
    assertTrue(ex < GradientChecker.TOLERANCE && ew < GradientChecker.TOLERANCE, "ConvLSTM cross-entropy: " + ex + ", " + ew);
    GradientChecker mse = GradientChecker.of(Loss.meanSquaredError(Loss.Steps.ALL), new int[] {0, 5}, 6);
    double mw = mse.weightError(g, "lstm.weight", x, 8, 10);
    System.out.printf("gradient check ConvLSTM cross-entropy(last) dL/dx %.1e dL/dW %.1e; MSE(all) dL/dW %.1e%n", ex, ew, mw);
    assertTrue(mw < GradientChecker.TOLERANCE, "ConvLSTM MSE all steps: " + mw);
  }
}
