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
 * In situ training of any deployed graph whose outputs are class logits (one output, or one per
 * time step of an unrolled recurrent graph; the last is the prediction): forward on the board,
 * {@link Loss} on the outputs, backward in software with the conductances last read back (BPTT
 * falls out of the graph), optimizer step, update rule turns ΔW into pulses, touched blocks are
 * read back.
 */
public final class Trainer {
  private final Deployment deployment;
  private final TrainingOptions options;
  private final GraphExecutor executor;
  private final Optimizer optimizer;
  private final UpdateRule rule;
  private final SplittableRandom shuffler;
  private final Loss loss;
  private final LearningRateSchedule schedule;
  private final Map<String, double[]> deltas = new HashMap<>();

  /** Softmax cross-entropy on the last output, exponential learning-rate decay from the options. */
  public Trainer(Deployment deployment, TrainingOptions options, GateResponse response) {
    this(deployment, options, response, Loss.crossEntropy(Loss.Steps.LAST),
        new LearningRateSchedule.Exponential(options.learningRate(), options.lrDecay()));
  }

  public Trainer(Deployment deployment, TrainingOptions options, GateResponse response, Loss loss, LearningRateSchedule schedule) {
    this.deployment = deployment;
    this.loss = loss;
    this.schedule = schedule;
    this.options = options;
    this.executor = deployment.executor();
    executor.checkTrainable();
    this.optimizer = Optimizer.named(options.optimizer());
    this.rule = switch (options.update()) {
      case "paper" -> new PaperTwoPulseUpdate(response, options.voltsPerWeight(), 0);
      case "accumulate" -> new PaperTwoPulseUpdate(response, options.voltsPerWeight(), options.fireThresholdVolts());
      case "manhattan" -> new ManhattanUpdate(response, options.fireThresholdVolts() > 0 ? options.fireThresholdVolts() : 0.05, 0);
      default -> throw new IllegalArgumentException("unknown update rule '" + options.update() + "'; valid: paper, accumulate, manhattan");
    };
    this.shuffler = new SplittableRandom(options.seed());
  }

  /**
   * With an update rule of the caller's choosing (e.g. {@link WriteVerifyUpdate}, built from a
   * board calibration); {@code options.update()} is then ignored.
   */
  public Trainer(Deployment deployment, TrainingOptions options, UpdateRule rule, Loss loss, LearningRateSchedule schedule) {
    this.deployment = deployment;
    this.loss = loss;
    this.schedule = schedule;
    this.options = options;
    this.executor = deployment.executor();
    executor.checkTrainable();
    this.optimizer = Optimizer.named(options.optimizer());
    this.rule = rule;
    this.shuffler = new SplittableRandom(options.seed());
  }

  public UpdateRule rule() { return rule; }
  public Optimizer optimizer() { return optimizer; }
  public GraphExecutor executor() { return executor; }
  public Loss loss() { return loss; }

  /** Learning rate of an epoch (1-based) under the decay schedule. */
  public double learningRate(int epoch) {
    return schedule.at(epoch);
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
    double lossSum = 0;
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
      executor.forward(new NDArray(shape, x));
      List<NDArray> outputs = executor.outputs();
      NDArray logits = outputs.get(outputs.size() - 1);
      Loss.checkShape(logits, b, classes);
      Loss.Value v = loss.evaluate(outputs, y, classes);
      lossSum += v.loss();
      for (int k = 0; k < b; k++) if (SoftmaxCrossEntropy.argmax(logits.data(), k, classes) == y[k]) correct++;
      executor.zeroGradients();
      executor.backward(v.gradients());
      step(lr);
      listener.onBatch(epoch, bi, batches);
    }
    double[] testAcc = test == null ? new double[] {Double.NaN} : evaluatePerOutput(test);
    double secs = (System.nanoTime() - t0) / 1e9;
    BoardCounters d = deployment.board().counters().minus(c0);
    EpochReport r = new EpochReport(epoch, (double) correct / n, testAcc[testAcc.length - 1], lossSum / n, secs, n / secs, d.pulses(),
        d.cellReads(), lr, testAcc);
    listener.onEpoch(r);
    return r;
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

  /** Accuracy of every output (per time step for an unrolled graph), in graph order. */
  public double[] evaluatePerOutput(Samples s) {
    return new Predictor(executor, options.batch()).accuracies(s);
  }

  /** Digital parameters (biases) as trained so far. */
  public Map<String, double[]> digitalParameters() {
    Map<String, double[]> m = new HashMap<>();
    for (String p : executor.digitalParameters()) m.put(p, executor.digitalValue(p));
    return m;
  }
}
