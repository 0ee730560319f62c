package insitu.runtime.exec;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardOpener;
import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.MappingOptions;
import insitu.errors.BadInputException;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.tensor.NDArray;
import insitu.numeric.parallel.Workers;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GraphExecutorTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }


  /** The paper CNN written out by hand: direct convolution loops, no im2col, no crossbar. */
  static double[] referenceCnn(Graph g, double[] img) {
    double[] w1 = g.initializers().get("conv1.weight").data(), w2 = g.initializers().get("conv2.weight").data(),
        wf = g.initializers().get("fc.weight").data();
    double[][][] a = new double[15][8][8];
    for (int o = 0; o < 15; o++)
      for (int y = 0; y < 8; y++)
        for (int x = 0; x < 8; x++) {
          double s = 0;
          for (int ky = 0; ky < 3; ky++)
            for (int kx = 0; kx < 3; kx++) {
              int iy = y + ky - 1, ix = x + kx - 1;
              if (iy >= 0 && iy < 8 && ix >= 0 && ix < 8) s += w1[o * 9 + ky * 3 + kx] * img[iy * 8 + ix];
            }
          a[o][y][x] = Math.max(0, s);
        }
    double[][][] b = new double[4][8][8];
    for (int o = 0; o < 4; o++)
      for (int y = 0; y < 8; y++)
        for (int x = 0; x < 8; x++) {
          double s = 0;
          for (int c = 0; c < 15; c++)
            for (int ky = 0; ky < 2; ky++)
              for (int kx = 0; kx < 2; kx++) {
                int iy = y + ky, ix = x + kx; // 'same' with the padding after
                if (iy < 8 && ix < 8) s += w2[((o * 15 + c) * 2 + ky) * 2 + kx] * a[c][iy][ix];
              }
          b[o][y][x] = s;
        }
    double[] flat = new double[64];
    for (int o = 0; o < 4; o++)
      for (int y = 0; y < 4; y++)
        for (int x = 0; x < 4; x++)
          flat[(o * 4 + y) * 4 + x] = Math.max(Math.max(b[o][2 * y][2 * x], b[o][2 * y][2 * x + 1]),
              Math.max(b[o][2 * y + 1][2 * x], b[o][2 * y + 1][2 * x + 1]));
    double[] out = new double[10];
    for (int k = 0; k < 10; k++) for (int i = 0; i < 64; i++) out[k] += wf[k * 64 + i] * flat[i];
    return out;
  }

  @Test
  void paperCnnOnTheIdealBoardEqualsAHandWrittenReference() {
    Graph g = PaperModels.cnn(11);
    Deployment d = Deployment.map(BoardOpener.open("sim:ideal", 1, WORKERS), WORKERS, g, MappingOptions.defaults());
    d.programOpenLoop(GateResponse.paper(), 1.6);
    GraphExecutor ex = d.executor();
    SplittableRandom r = new SplittableRandom(2);
    int n = 6;
    double[] x = new double[n * 64];
    for (int k = 0; k < x.length; k++) x[k] = r.nextDouble();
    NDArray y = ex.forward(new NDArray(new int[] {n, 1, 8, 8}, x));
    assertArrayEquals(new int[] {n, 10}, y.shape());
    for (int s = 0; s < n; s++) {
      double[] ref = referenceCnn(g, java.util.Arrays.copyOfRange(x, s * 64, s * 64 + 64));
      for (int k = 0; k < 10; k++) assertEquals(ref[k], y.data()[s * 10 + k], 1e-9);
    }
  }

  @Test
  void cnnWeightGradientAgreesWithFiniteDifferences() {
    Graph g = PaperModels.cnn(4);
    SplittableRandom r = new SplittableRandom(5);
    double[] x = new double[3 * 64], probe = new double[30];
    for (int k = 0; k < x.length; k++) x[k] = r.nextDouble();
    for (int k = 0; k < probe.length; k++) probe[k] = r.nextDouble() - 0.5;
    NDArray input = new NDArray(new int[] {3, 1, 8, 8}, x);
    Deployment d = Deployment.map(BoardOpener.open("sim:ideal", 1, WORKERS), WORKERS, g, MappingOptions.defaults());
    d.programOpenLoop(GateResponse.paper(), 1.6);
    GraphExecutor ex = d.executor();
    ex.forward(input);
    ex.zeroGradients();
    ex.backward(java.util.List.of(new NDArray(new int[] {3, 10}, probe)));
    for (String w : new String[] {"conv1.weight", "conv2.weight", "fc.weight"}) {
      double[] grad = ex.weightGradients().get(w);
      for (int t = 0; t < 4; t++) {
        int k = r.nextInt(grad.length);
        double h = 1e-5;
        double numeric = (loss(g, w, k, h, input, probe) - loss(g, w, k, -h, input, probe)) / (2 * h);
        assertEquals(numeric, grad[k], 1e-6 * (1 + Math.abs(numeric)), w + "[" + k + "]");
      }
    }
  }

  /** L = Σ probe·y with one weight perturbed, computed on a freshly programmed ideal board. */
  private static double loss(Graph g, String weight, int index, double h, NDArray input, double[] probe) {
    var inits = g.mutableInitializers();
    var t = inits.get(weight);
    double[] v = t.data().clone();
    v[index] += h;
    inits.put(weight, new insitu.compiler.ir.Tensor(t.shape(), v));
    Graph gp = g.withInitializers(inits);
    Deployment d = Deployment.map(BoardOpener.open("sim:ideal", 1, WORKERS), WORKERS, gp, MappingOptions.defaults());
    d.programOpenLoop(GateResponse.paper(), 1.6);
    double[] y = d.executor().forward(input).data();
    double l = 0;
    for (int k = 0; k < y.length; k++) l += probe[k] * y[k];
    return l;
  }

  @Test
  void wrongInputShapeAndNanAreClearErrors() {
    Graph g = PaperModels.cnn(1);
    Deployment d = Deployment.map(BoardOpener.open("sim:ideal", 1, WORKERS), WORKERS, g, MappingOptions.defaults());
    GraphExecutor ex = d.executor();
    BadInputException e = assertThrows(BadInputException.class,
        () -> ex.forward(new NDArray(new int[] {1, 2, 8, 8}, new double[128])));
    assertTrue(e.getMessage().contains("expects"), e.getMessage());
    double[] nan = new double[64];
    nan[5] = Double.NaN;
    assertThrows(BadInputException.class, () -> ex.forward(new NDArray(new int[] {1, 1, 8, 8}, nan)));
  }
}
