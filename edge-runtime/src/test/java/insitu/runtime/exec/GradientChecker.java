package insitu.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.boards.Board;
import insitu.boards.BoardOpener;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Tensor;
import insitu.compiler.mapping.MappingOptions;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.tensor.NDArray;
import insitu.runtime.train.Loss;
import insitu.numeric.parallel.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Central finite differences against the executor's backward pass, in double precision, with the
 * graph deployed on an ideal simulated board (exact conductances, so the analog ops compute the
 * graph's own weights). dL/dW is checked by building the graph with one weight perturbed and
 * deploying it fresh, so the check covers the whole path ΔW → conductances → MVM.
 */
final class GradientChecker {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  /** Step of the central differences. */
  static final double H = 1e-5;
  /** Largest accepted |analytic − numeric| / max(|analytic| + |numeric|, FLOOR). */
  static final double TOLERANCE = 1e-6;
  /**
   * Floor of the denominator: a central difference with h = 1e-5 has rounding noise near 1e-11
   * in absolute terms (measured on the ConvLSTM), so gradients below ~1e-4 are held to an
   * absolute error of 1e-10 instead of a relative one.
   */
  static final double FLOOR = 1e-4;

  /** The loss as a function of the outputs: value and dL/d(outputs). */
  private final Function<List<NDArray>, Loss.Value> loss;

  private GradientChecker(Function<List<NDArray>, Loss.Value> loss) {
    this.loss = loss;
  }

  /** L = Σ over outputs of Σ r·y with fixed random r: every output element gets its own weight. */
  static GradientChecker randomLinear(Graph g, NDArray x, long seed) {
    List<NDArray> ys;
    try (Run r = new Run(g)) {
      r.executor.forward(x);
      ys = r.executor.outputs();
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    List<NDArray> weights = new ArrayList<>();
    for (NDArray y : ys) {
      double[] w = new double[y.size()];
      for (int i = 0; i < w.length; i++) w[i] = 2 * rnd.nextDouble() - 1;
      weights.add(new NDArray(y.shape().clone(), w));
    }
    return new GradientChecker(out -> {
      double l = 0;
      for (int k = 0; k < out.size(); k++)
        for (int i = 0; i < out.get(k).size(); i++) l += weights.get(k).data()[i] * out.get(k).data()[i];
      return new Loss.Value(l, weights);
    });
  }

  /** A training loss on labelled samples. */
  static GradientChecker of(Loss loss, int[] labels, int classes) {
    return new GradientChecker(out -> loss.evaluate(out, labels, classes));
  }

  /** A graph deployed on a fresh ideal board with its own weights programmed. */
  static final class Run implements AutoCloseable {
    final Board board;
    final Deployment deployment;
    final GraphExecutor executor;

    Run(Graph g) {
      board = BoardOpener.open("sim:ideal?arrays=2", 1, WORKERS);
      deployment = Deployment.map(board, WORKERS, g, MappingOptions.defaults());
      deployment.programOpenLoop(GateResponse.paper(), 1.6);
      for (CrossbarBlock b : deployment.blocks().values()) {
        double[] want = g.weightMatrix(b.name()).values(), got = b.weights();
        for (int i = 0; i < want.length; i++)
          assertTrue(Math.abs(want[i] - got[i]) < 1e-12, "ideal board did not program " + b.name() + " exactly");
      }
      executor = deployment.executor();
    }

    @Override public void close() {
      board.close();
    }
  }

  private double lossAt(GraphExecutor e, NDArray x) {
    e.forward(x);
    return loss.apply(e.outputs()).loss();
  }

  /** Largest relative error of dL/dx over {@code count} input elements (all if count ≥ size). */
  double inputError(Graph g, NDArray x, int count, long seed) {
    try (Run r = new Run(g)) {
      GraphExecutor e = r.executor;
      e.enableInputGradient();
      e.forward(x);
      e.zeroGradients();
      e.backward(loss.apply(e.outputs()).gradients());
      NDArray gx = e.inputGradient();
      double worst = 0;
      for (int i : indices(x.size(), count, seed)) {
        double[] xp = x.data().clone(), xm = x.data().clone();
        xp[i] += H;
        xm[i] -= H;
        double num = (lossAt(e, new NDArray(x.shape(), xp)) - lossAt(e, new NDArray(x.shape(), xm))) / (2 * H);
        double ana = gx == null ? 0 : gx.data()[i];
        worst = Math.max(worst, rel(ana, num));
      }
      return worst;
    }
  }

  /**
   * Largest relative error of dL/d(initializer) over {@code count} of its elements: a crossbar
   * weight (gradient from {@link GraphExecutor#weightGradients()}, outputs × inputs) or a digital
   * parameter such as a bias.
   */
  double weightError(Graph g, String name, NDArray x, int count, long seed) {
    double[] analytic;
    boolean crossbar = g.crossbarWeights().contains(name);
    try (Run r = new Run(g)) {
      GraphExecutor e = r.executor;
      e.forward(x);
      e.zeroGradients();
      e.backward(loss.apply(e.outputs()).gradients());
      analytic = (crossbar ? e.weightGradients().get(name) : e.digitalGradient(name)).clone();
    }
    Tensor t = g.initializers().get(name);
    double worst = 0;
    for (int p : indices(t.size(), count, seed)) {
      int m = crossbar ? matrixIndex(g, name, p) : p;
      double num = (lossWith(g, name, p, H, x) - lossWith(g, name, p, -H, x)) / (2 * H);
      worst = Math.max(worst, rel(analytic[m], num));
    }
    return worst;
  }

  private double lossWith(Graph g, String name, int p, double dv, NDArray x) {
    var inits = g.mutableInitializers();
    Tensor t = inits.get(name);
    double[] v = t.data().clone();
    v[p] += dv;
    inits.put(name, new Tensor(t.shape(), v));
    try (Run r = new Run(g.withInitializers(inits))) {
      return lossAt(r.executor, x);
    }
  }

  /** Where element p of a weight's initializer lands in its outputs × inputs matrix (layout-agnostic). */
  private static int matrixIndex(Graph g, String name, int p) {
    var inits = g.mutableInitializers();
    Tensor t = inits.get(name);
    double[] one = new double[t.size()];
    one[p] = 1;
    inits.put(name, new Tensor(t.shape(), one));
    double[] m = g.withInitializers(inits).weightMatrix(name).values();
    for (int i = 0; i < m.length; i++) if (m[i] == 1) return i;
    throw new IllegalStateException("element " + p + " of " + name + " not found in its matrix");
  }

  static double rel(double a, double b) {
    return Math.abs(a - b) / Math.max(Math.abs(a) + Math.abs(b), FLOOR);
  }

  private static int[] indices(int size, int count, long seed) {
    if (count >= size) return java.util.stream.IntStream.range(0, size).toArray();
    int[] all = java.util.stream.IntStream.range(0, size).toArray();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < count; i++) {
      int j = i + rnd.nextInt(size - i);
      int tmp = all[i]; all[i] = all[j]; all[j] = tmp;
    }
    return java.util.Arrays.copyOf(all, count);
  }
}
