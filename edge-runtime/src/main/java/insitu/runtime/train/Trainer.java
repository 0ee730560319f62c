package insitu.runtime.train;

import insitu.boards.BoardCounters;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.exec.GraphExecutor;
import insitu.runtime.tensor.NDArray;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * In situ training of any deployed graph whose first output is class logits: forward on the board,
 * backward in software with the conductances last read back, optimizer step, update rule turns
 * ΔW into pulses, touched blocks are read back.
 */
public final class Trainer {
  private final Deployment deployment;
  private final TrainingOptions options;
  private final GraphExecutor executor;
  private final Optimizer optimizer;
  private final UpdateRule rule;
  private final SplittableRandom shuffler;
  private final Map<String, double[]> deltas = new HashMap<>();

  public Trainer(Deployment deployment, TrainingOptions options, GateResponse response) {
    this.deployment = deployment;
    this.options = options;
    this.executor = deployment.executor();
    this.optimizer = Optimizer.named(options.optimizer());
    this.rule = switch (options.update()) {
      case "paper" -> new PaperTwoPulseUpdate(response, options.voltsPerWeight(), 0);
      case "accumulate" -> new PaperTwoPulseUpdate(response, options.voltsPerWeight(), options.fireThresholdVolts());
      case "manhattan" -> new ManhattanUpdate(response, options.fireThresholdVolts() > 0 ? options.fireThresholdVolts() : 0.05, 0);
      default -> throw new IllegalArgumentException("unknown update rule '" + options.update() + "'; valid: paper, accumulate, manhattan");
    };
    this.shuffler = new SplittableRandom(options.seed());
  }

  public UpdateRule rule() { return rule; }
  public Optimizer optimizer() { return optimizer; }
  public GraphExecutor executor() { return executor; }

  /** Learning rate of an epoch (1-based) under the decay schedule. */
  public double learningRate(int epoch) {
    return options.learningRate() * Math.pow(options.lrDecay(), epoch - 1);
  }

  /** Trains one epoch and evaluates on {@code test} (may be null). */
  public EpochReport trainEpoch(Samples train, Samples test, int epoch, TrainingListener listener) {
    long t0 = System.nanoTime();
    BoardCounters c0 = deployment.board().counters();
    int n = train.size(), per = train.sampleSize(), classes = train.classes();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    if (options.shuffle())
      for (int i = n - 1; i > 0; i--) {
        int j = shuffler.nextInt(i + 1);
        int t = order[i]; order[i] = order[j]; order[j] = t;
      }
    double lr = learningRate(epoch);
    int batches = (n + options.batch() - 1) / options.batch();
    long correct = 0;
    double loss = 0;
    for (int bi = 0; bi < batches; bi++) {
      int from = bi * options.batch(), b = Math.min(options.batch(), n - from);
      double[] x = new double[b * per];
      int[] y = new int[b];
      for (int k = 0; k < b; k++) {
        System.arraycopy(train.x(), order[from + k] * per, x, k * per, per);
        y[k] = train.y()[order[from + k]];
      }
      int[] shape = new int[train.sampleShape().length + 1];
      shape[0] = b;
      System.arraycopy(train.sampleShape(), 0, shape, 1, train.sampleShape().length);
      NDArray logits = executor.forward(new NDArray(shape, x));
      double[] grad = new double[b * classes];
      checkLogits(logits, b, classes);
      loss += SoftmaxCrossEntropy.lossAndGrad(logits.data(), y, b, classes, grad);
      for (int k = 0; k < b; k++) if (SoftmaxCrossEntropy.argmax(logits.data(), k, classes) == y[k]) correct++;
      executor.zeroGradients();
      executor.backward(List.of(new NDArray(logits.shape().clone(), grad)));
      step(lr);
      listener.onBatch(epoch, bi, batches);
    }
    double testAcc = test == null ? Double.NaN : evaluate(test);
    double secs = (System.nanoTime() - t0) / 1e9;
    BoardCounters d = deployment.board().counters().minus(c0);
    EpochReport r = new EpochReport(epoch, (double) correct / n, testAcc, loss / n, secs, n / secs, d.pulses(), d.cellReads(), lr);
    listener.onEpoch(r);
    return r;
  }

  private static void checkLogits(NDArray logits, int b, int classes) {
    if (logits.size() != b * classes)
      throw new IllegalArgumentException("model output " + java.util.Arrays.toString(logits.shape()) + " is not " + b + " x "
          + classes + " class scores; the data set has " + classes + " classes");
  }

  private void step(double lr) {
    for (var e : executor.weightGradients().entrySet()) {
      double[] g = e.getValue();
      double[] dw = deltas.computeIfAbsent(e.getKey(), k -> new double[g.length]);
      optimizer.delta(e.getKey(), g, lr, dw);
      CrossbarBlock block = deployment.blocks().get(e.getKey());
      rule.apply(block, dw);
    }
    for (String p : executor.digitalParameters()) {
      double[] g = executor.digitalGradient(p), v = executor.digitalValue(p);
      double[] dw = deltas.computeIfAbsent(p, k -> new double[g.length]);
      optimizer.delta(p, g, lr, dw);
      for (int i = 0; i < v.length; i++) v[i] += dw[i];
    }
  }

  /** Accuracy on a data set, evaluated on the board in batches. */
  public double evaluate(Samples s) {
    return new Predictor(executor, options.batch()).accuracy(s);
  }

  /** Digital parameters (biases) as trained so far. */
  public Map<String, double[]> digitalParameters() {
    Map<String, double[]> m = new HashMap<>();
    for (String p : executor.digitalParameters()) m.put(p, executor.digitalValue(p));
    return m;
  }
}
