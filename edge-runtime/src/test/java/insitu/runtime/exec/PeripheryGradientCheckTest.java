package insitu.runtime.exec;

import static insitu.runtime.exec.GradientCheckTest.checkInput;
import static insitu.runtime.exec.GradientCheckTest.checkWeight;
import static insitu.runtime.exec.GradientCheckTest.graph;
import static insitu.runtime.exec.GradientCheckTest.input;
import static insitu.runtime.exec.GradientCheckTest.random;
import static insitu.runtime.exec.GradientCheckTest.unary;

import insitu.compiler.Compiler;
import insitu.compiler.ModelSource;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.Tensor;
import insitu.compiler.ir.UnaryFunction;
import insitu.runtime.tensor.NDArray;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Finite differences against backward for every digital kernel added for issue 16 (same checker,
 * tolerance 1e-6 relative; inputs kept away from kinks), their trainable parameters, and whole
 * imported op-family models (ConvTranspose, grouped Conv, LSTM, GRU), crossbar weights included.
 */
class PeripheryGradientCheckTest {

  private static NDArray away(long seed, double lo, double hi, double... kinks) {
    return input(seed, lo, hi, kinks, 0.02, 2, 3, 4);
  }

  @Test void elementwiseFunctions() {
    for (UnaryFunction fn : UnaryFunction.values()) {
      double alpha = fn == UnaryFunction.HARD_SIGMOID ? 0.3 : 0.7, beta = fn == UnaryFunction.HARD_SIGMOID ? 0.4 : 1.2;
      boolean positive = fn == UnaryFunction.LOG || fn == UnaryFunction.SQRT || fn == UnaryFunction.RECIPROCAL;
      NDArray x = positive ? away(100 + fn.ordinal(), 0.3, 2) : away(100 + fn.ordinal(), -4, 4, 0, -3, 3, -0.4 / 0.3, 0.6 / 0.3);
      unary(fn.onnxName(), new Op.Unary(fn, alpha, beta), x);
    }
  }

  @Test void powOfBothOperands() {
    GradientCheckTest.binary("Pow", new Op.Pow(), input(110, 0.5, 1.5, new double[0], 0, 2, 3, 4));
  }

  @Test void preluAndItsSlope() {
    NDArray x = input(120, -1, 1, new double[] {0}, 0.02, 2, 3, 2, 2);
    Graph g = graph(x.shape(), (b, in) -> {
      b.initializer("slope", new Tensor(new int[] {3, 1, 1}, new double[] {0.25, -0.5, 1.5}));
      b.output(b.op("prelu", new Op.PRelu(), in, "slope"));
    });
    checkInput("PRelu", g, x);
    checkWeight("PRelu", g, "slope", x, 3);
  }

  @Test void normalizationsAndTheirParameters() {
    NDArray x = input(130, 2, 5, 3, 3);
    unary("LRN size 3", new Op.LRN(3, 0.5, 0.75, 1), x);
    unary("LRN size 4", new Op.LRN(4, 1e-2, 0.6, 2), x);
    Graph in = graph(x.shape(), (b, v) -> {
      b.initializer("scale", random(131, 5));
      b.initializer("bias", random(132, 5));
      b.output(b.op("in", new Op.InstanceNormalization(1e-5), v, "scale", "bias"));
    });
    checkInput("InstanceNormalization", in, x);
    checkWeight("InstanceNormalization", in, "scale", x, 5);
    checkWeight("InstanceNormalization", in, "bias", x, 5);
    Graph bn = graph(x.shape(), (b, v) -> {
      b.initializer("scale", random(133, 5));
      b.initializer("bias", random(134, 5));
      b.initializer("mean", random(135, 5));
      b.initializer("var", new Tensor(new int[] {5}, new double[] {0.5, 1, 2, 0.25, 3}));
      b.output(b.op("bn", new Op.BatchNormalization(1e-5), v, "scale", "bias", "mean", "var"));
    });
    checkInput("BatchNormalization", bn, x);
    checkWeight("BatchNormalization", bn, "scale", x, 5);
    checkWeight("BatchNormalization", bn, "bias", x, 5);
  }

  @Test void reductions() {
    NDArray x = input(140, 2, 3, 4), positive = input(141, 0.5, 1.5, new double[0], 0, 2, 3, 4);
    for (Op.Reduce.Kind kind : Op.Reduce.Kind.values()) {
      NDArray v = kind == Op.Reduce.Kind.LOG_SUM || kind == Op.Reduce.Kind.L1 ? positive : x;
      unary("Reduce" + kind + " axes 1,2", new Op.Reduce(kind, new int[] {1, 2}, true), v);
      unary("Reduce" + kind + " axis 2", new Op.Reduce(kind, new int[] {2}, false), v);
    }
  }

  @Test void tileExpandAndPadModes() {
    NDArray x = input(150, 2, 3, 4);
    unary("Tile", new Op.Tile(new int[] {1, 2, 3}), x);
    unary("Expand", new Op.Expand(new int[] {2, 1, 3, 1}), input(151, 2, 3, 1));
    for (Op.Pad.Mode mode : Op.Pad.Mode.values())
      unary("Pad " + mode, new Op.Pad(new long[] {0, 2, 1, 0, 1, 3}, 0.5, mode), x);
  }

  @Test void nDimensionalPooling() {
    NDArray x1 = input(160, 2, 2, 9), x3 = input(161, 2, 2, 4, 5, 5), x2 = input(162, 2, 2, 7, 7);
    unary("MaxPool 1-D ceil", new Op.Pooling(Op.Pooling.Kind.MAX, new int[] {3}, new int[] {2}, new int[] {0, 0}, new int[] {1}, true, false), x1);
    unary("AveragePool 1-D ceil pads", new Op.Pooling(Op.Pooling.Kind.AVERAGE, new int[] {3}, new int[] {2}, new int[] {1, 1}, new int[] {1}, true, false), x1);
    unary("AveragePool 3-D count pads", new Op.Pooling(Op.Pooling.Kind.AVERAGE, new int[] {2, 3, 3}, new int[] {2, 2, 2}, new int[] {1, 1, 1, 1, 1, 1},
        new int[] {1, 1, 1}, true, true), x3);
    unary("MaxPool 2-D dilated", new Op.Pooling(Op.Pooling.Kind.MAX, new int[] {3, 2}, new int[] {1, 2}, new int[] {1, 0, 1, 1}, new int[] {2, 2}, false,
        false), x2);
  }

  @Test void col2imWithItsBias() {
    Op.Col2Im op = new Op.Col2Im(new int[] {6, 8}, new int[] {3, 4}, new int[] {2, 3}, new int[] {2, 2}, new int[] {1, 0}, new int[] {1, 1});
    NDArray x = input(170, 2, 12, 3 * 6);
    Graph g = graph(x.shape(), (b, in) -> {
      b.initializer("bias", random(171, 3));
      b.output(b.op("col2im", op, in, "bias"));
    });
    checkInput("Col2Im", g, x);
    checkWeight("Col2Im", g, "bias", x, 3);
  }

  /** Imported op-family models: their expansions train end to end, crossbar weights included. */
  @Test void importedFamilies() throws Exception {
    Path dir = families();
    check(dir, "convtranspose2d_grouped_op17.onnx", "0.weight/group1of2", 30);
    check(dir, "conv_depthwise_op17.onnx", "4.weight/group5of12", 9);
    check(dir, "lstm_bidirectional_op17.onnx", "onnx::LSTM_201/backward", 30);
    check(dir, "lstm_bidirectional_op17.onnx", "onnx::LSTM_199/forward", 10);
    check(dir, "gru_batch_first_op9.onnx", null, 0);
  }

  private static void check(Path dir, String file, String weight, int count) {
    Graph g = Compiler.standard().load(ModelSource.onnx(dir.resolve(file)));
    int[] shape = g.input().shape().clone();
    shape[0] = 2;
    NDArray x = input(180, shape);
    checkInput(file, g, x);
    if (weight != null) checkWeight(file, g, weight, x, count);
  }

  static Path families() throws Exception {
    Path base = Path.of(System.getProperty("user.dir"));
    for (Path p : new Path[] {base.resolve("../compiler/src/test/resources/onnx-families"), base.resolve("compiler/src/test/resources/onnx-families")})
      if (Files.isDirectory(p)) return p.normalize();
    throw new IllegalStateException("no onnx-families directory from " + base);
  }
}
