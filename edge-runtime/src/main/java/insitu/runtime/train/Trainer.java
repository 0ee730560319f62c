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
import insitu.numeric.random.GaussianSource;
import java.util.LinkedHashMap;

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
  private final GaussianSource shuffler;
  private EpochProgress progress;
  private final Loss loss;
  private final LearningRateSchedule schedule;
  private final Map<String, double[]> deltas = new HashMap<>();

  /** Softmax cross-entropy on the last output, exponential learning-rate decay from the options. */
  public Trainer(Deployment deployment, TrainingOptions options, GateResponse response) {
    this(deployment, options, response, Loss.crossEntropy(Loss.Steps.LAST),
        new LearningRateSchedule.Exponential(options.learningRate(), options.lrDecay()));
  }

  /** @param response the devices' believed SET response, which the update rule's gate steps follow */
  public Trainer(Deployment deployment, TrainingOptions options, GateResponse response, Loss loss, LearningRateSchedule schedule) {
    this.deployment = deployment;
    this.loss = loss;
    this.schedule = schedule;
    this.options = options;
    this.executor = deployment.executor();
    executor.checkTrainable();
    this.optimizer = options.optimizer().create();
    this.rule = UpdateRules.create(options.update(), response);
    this.shuffler = new GaussianSource(options.seed());
  }

  public UpdateRule rule() { return rule; }
  public Optimizer optimizer() { return optimizer; }
  public GraphExecutor executor() { return executor; }
  public Loss loss() { return loss; }

  /** Learning rate of an epoch (1-based) under the decay schedule. */
  public double learningRate(int epoch) {
    return schedule.at(epoch);
  }

  /** Where an epoch stands between two batches: what a checkpoint needs to finish it identically. */
  private static final class EpochProgress {
    final int epoch;
    final int[] order;
    int nextBatch;
    long correct;
    double lossSum;
    BoardCounters start;
    double elapsedSeconds;

    EpochProgress(int epoch, int[] order, BoardCounters start) {
      this.epoch = epoch;
      this.order = order;
      this.start = start;
    }
  }

  /**
   * Trains one epoch and evaluates on {@code test} (may be null). If a restored state stopped in
   * the middle of this epoch, training continues from the next batch.
   */
  public EpochReport trainEpoch(Samples train, Samples test, int epoch, TrainingListener listener) {
    long t0 = System.nanoTime();
    int n = train.size();
    if (progress == null || progress.epoch != epoch) progress = new EpochProgress(epoch, order(n), deployment.board().counters());
    EpochProgress p = progress;
    double lr = learningRate(epoch);
    int batches = (n + options.batch() - 1) / options.batch();
    while (p.nextBatch < batches) {
      int bi = p.nextBatch;
      trainBatch(train, p, bi, lr);
      p.nextBatch++;
      p.elapsedSeconds += (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      listener.onBatch(epoch, bi, batches);
    }
    // Throughput counts training alone (what a peer's training loop is held against); the epoch's
    // seconds include the test evaluation too.
    double trainSecs = p.elapsedSeconds + (System.nanoTime() - t0) / 1e9;
    long e0 = System.nanoTime();
    double[] testAcc = test == null ? new double[] {Double.NaN} : evaluatePerOutput(test);
    double secs = trainSecs + (System.nanoTime() - e0) / 1e9;
    BoardCounters d = deployment.board().counters().minus(p.start);
    EpochReport r = new EpochReport(epoch, (double) p.correct / n, testAcc[testAcc.length - 1], p.lossSum / n, secs, n / trainSecs,
        d.pulses(), d.cellReads(), lr, testAcc);
    progress = null;
    listener.onEpoch(r);
    return r;
  }

  /** The epoch's order of the samples 0..n-1: shuffled (Fisher–Yates, the run's seeded source) unless the options say not to. */
  private int[] order(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    if (options.shuffle())
      for (int i = n - 1; i > 0; i--) {
        int j = shuffler.nextInt(i + 1);
        int t = order[i]; order[i] = order[j]; order[j] = t;
      }
    return order;
  }

  /**
   * One batch of the epoch's order: forward, loss, backward, update. Its loops are in the methods it
   * calls: a loop here (or in the epoch's method) makes the JIT compile the whole batch, every
   * kernel inlined, while the batches run, on one of the cores they run on; the kernels are
   * compiled on their own anyway.
   */
  private void trainBatch(Samples train, EpochProgress p, int bi, double lr) {
    int n = train.size(), per = train.sampleSize(), classes = train.classes();
    int from = bi * options.batch(), b = Math.min(options.batch(), n - from);
    double[] x = new double[b * per];
    train.x().gather(p.order, from, b, x);
    int[] y = labels(train.y(), p.order, from, b);
    int[] shape = new int[train.sampleShape().length + 1];
    shape[0] = b;
    System.arraycopy(train.sampleShape(), 0, shape, 1, train.sampleShape().length);
    executor.forward(new NDArray(shape, x));
    List<NDArray> outputs = executor.outputs();
    NDArray logits = outputs.get(outputs.size() - 1);
    Loss.checkShape(logits, b, classes);
    Loss.Value v = loss.evaluate(outputs, y, classes);
    p.lossSum += v.loss();
    p.correct += SoftmaxCrossEntropy.correct(logits.data(), y, b, classes);
    executor.zeroGradients();
    executor.backward(v.gradients());
    step(lr);
  }

  private static int[] labels(int[] all, int[] order, int from, int b) {
    int[] y = new int[b];
    for (int k = 0; k < b; k++) y[k] = all[order[from + k]];
    return y;
  }

  /**
   * Everything the trainer and the deployment's blocks hold between two batches, deep-copied:
   * with the board's own state it resumes training bit for bit.
   */
  public TrainerState capture() {
    Map<String, double[][]> gates = new LinkedHashMap<>();
    Map<String, double[]> read = new LinkedHashMap<>();
    for (CrossbarBlock b : deployment.blocks().values()) {
      double[][] g = new double[b.tileCount()][];
      for (int t = 0; t < g.length; t++) g[t] = b.gateVolts(t).clone();
      gates.put(b.name(), g);
      read.put(b.name(), b.weights().clone());
    }
    Map<String, double[]> digital = new LinkedHashMap<>();
    for (String name : executor.digitalParameters()) digital.put(name, executor.digitalValue(name).clone());
    Map<String, double[]> rule = new LinkedHashMap<>();
    for (var e : this.rule.state().entrySet()) rule.put(e.getKey(), e.getValue().clone());
    TrainerState.Epoch ep = progress == null ? null
        : new TrainerState.Epoch(progress.epoch, progress.order.clone(), progress.nextBatch, progress.correct, progress.lossSum,
            progress.start, progress.elapsedSeconds);
    Map<String, double[][]> opt = new LinkedHashMap<>();
    for (var e : optimizer.state().entrySet()) {
      double[][] c = new double[e.getValue().length][];
      for (int i = 0; i < c.length; i++) c[i] = e.getValue()[i].clone();
      opt.put(e.getKey(), c);
    }
    return new TrainerState(ep, shuffler.snapshot(), opt, rule, digital, gates, read);
  }

  /** Puts the trainer and the blocks back into a captured state (the board's own state is restored separately). */
  public void restore(TrainerState s) {
    for (CrossbarBlock b : deployment.blocks().values()) {
      double[][] g = s.gateVolts().get(b.name());
      double[] w = s.weightsRead().get(b.name());
      if (g == null || w == null || g.length != b.tileCount() || w.length != b.weights().length)
        throw new IllegalArgumentException("saved state does not match crossbar block '" + b.name() + "'");
      for (int t = 0; t < g.length; t++) System.arraycopy(g[t], 0, b.gateVolts(t), 0, g[t].length);
      System.arraycopy(w, 0, b.weights(), 0, w.length);
    }
    for (var e : s.digital().entrySet()) System.arraycopy(e.getValue(), 0, executor.digitalValue(e.getKey()), 0, e.getValue().length);
    optimizer.restore(s.optimizer());
    rule.restore(s.rule());
    shuffler.restore(s.shuffler());
    TrainerState.Epoch ep = s.epoch();
    if (ep == null) {
      progress = null;
    } else {
      progress = new EpochProgress(ep.epoch(), ep.order().clone(), ep.start());
      progress.nextBatch = ep.nextBatch();
      progress.correct = ep.correct();
      progress.lossSum = ep.lossSum();
      progress.elapsedSeconds = ep.elapsedSeconds();
    }
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
