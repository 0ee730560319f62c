package insitu.sdk;

import insitu.boards.Board;
import insitu.boards.BoardCounters;
import insitu.errors.BadInputException;
import insitu.errors.UsageException;
import insitu.runtime.Deployment;
import insitu.runtime.calibrate.Calibration;
import insitu.runtime.calibrate.DriftCompensator;
import insitu.runtime.exec.GraphExecutor;
import insitu.runtime.tensor.NDArray;
import insitu.runtime.train.EpochReport;
import insitu.runtime.train.Samples;
import insitu.runtime.train.SoftmaxCrossEntropy;
import insitu.runtime.train.Trainer;
import insitu.runtime.train.TrainingListener;
import insitu.runtime.train.TrainingOptions;
import insitu.runtime.train.OptimizerKind;
import insitu.runtime.session.Initialization;
import insitu.runtime.session.Session;
import insitu.runtime.session.UpdateChoice;
import insitu.sdk.data.Dataset;
import insitu.sdk.job.BoardAbilities;
import insitu.sdk.job.ModelCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * A model living on a board: predicts with analog MVMs and keeps learning in situ. All methods are
 * thread-safe (one board, one operation at a time). Close it to release the board if the model
 * opened it. {@link #saveState} and {@link Insitu#resume} carry it across a restart.
 */
public final class DeployedModel implements AutoCloseable {
  private final Model model;
  private final Session session;
  private final Board board;
  private final String boardSpec;
  private final DeployOptions options;
  private final Deployment deployment;
  private final Trainer trainer;
  /** The trainer's executor: predictions see the digital parameters (biases) it learns. */
  private final GraphExecutor executor;
  private final String initialization;
  private final UpdateChoice update;
  private final LearnedState learned;
  private Consumer<EpochReport> progress = r -> {};
  private List<int[]> outputShapes;

  /** @param session deployed, with its trainer; the model closes it */
  DeployedModel(Model model, Session session, String boardSpec, DeployOptions options, String initialization, UpdateChoice update,
                LearnedState learned) {
    this.model = model;
    this.session = session;
    this.board = session.board();
    this.boardSpec = boardSpec;
    this.options = options;
    this.deployment = session.deployment();
    this.initialization = initialization;
    this.update = update;
    this.learned = learned;
    this.trainer = session.trainer();
    this.executor = trainer.executor();
  }

  /** Maps the model onto the session's board and programs it as the options say; on failure the session is closed. */
  static DeployedModel deploy(Model model, Session s, String boardSpec, DeployOptions options) {
    try {
      Calibration cal = options.calibration();
      // A model with a target came from an artifact or was read back from a board: it carries trained weights.
      Initialization init = options.initialization().resolve(ModelCatalog.trainedWeights(model.name()) || model.target().isPresent());
      if (init == Initialization.ATTACH && model.placement() == null)
        throw new UsageException("model '" + model.name() + "' has no placement on a board to attach to");
      s.deploy(model.graph(), init == Initialization.ATTACH ? model.placement() : s.map(model.graph(), cal).placement(), cal);
      String how = s.program(init.programming()).description();
      // Trained weights on a calibrated board are fine-tuned closed loop: one open-loop SET of a real
      // device lands with a wide spread (BENCHMARKS.md, device lifecycle).
      UpdateChoice update = UpdateChoice.AUTO.resolve(cal != null, init);
      s.train(trainingOptions(options, s, update));
      LearnedState learned = new LearnedState();
      learned.driftReference.putAll(DriftCompensator.snapshot(s.deployment()));
      return new DeployedModel(model, s, boardSpec, options, how, update, learned);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** How a deployed model learns: one pass per call at the options' rate, decaying as in training, with the session's devices' rule. */
  static TrainingOptions trainingOptions(DeployOptions o, Session s, UpdateChoice update) {
    return new TrainingOptions(1, o.batch(), o.learningRate(), TrainingOptions.DEFAULT_DECAY, OptimizerKind.RMSPROP, s.update(update),
        o.seed(), true);
  }

  /** The model this deployment runs. */
  public Model model() {
    return model;
  }

  /** How the weights got onto the board (paper initialization, or write-verify with its cell count). */
  public String initialization() {
    return initialization;
  }

  /** The board spec the model was deployed with ({@code sim}, {@code serial:/dev/ttyAMA0}, ...), or the board's name if the caller opened it. */
  public String boardSpec() {
    return boardSpec != null ? boardSpec : board.spec().name();
  }

  /** How the model was deployed and learns (batch, learning rate, seed, calibration). */
  public DeployOptions options() {
    return options;
  }

  /** Class scores of one sample (shaped like {@link Model#inputShape()}, flattened). */
  public synchronized double[] scores(double[] sample) {
    List<double[]> outs = outputs(sample, 1);
    return outs.get(outs.size() - 1);
  }

  /** The predicted class of one sample. */
  public int predict(double[] sample) {
    double[] s = scores(sample);
    return SoftmaxCrossEntropy.argmax(s, 0, s.length);
  }

  /** Predicted classes of {@code n} samples stored one after another in {@code samples}: one batched pass. */
  public synchronized int[] predict(double[] samples, int n) {
    List<double[]> outs = outputs(samples, n);
    double[] out = outs.get(outs.size() - 1);
    int classes = out.length / n;
    int[] r = new int[n];
    for (int k = 0; k < n; k++) r[k] = SoftmaxCrossEntropy.argmax(out, k, classes);
    return r;
  }

  /**
   * Every output of the model ({@link Model#outputNames()} order) for {@code n} samples stored one
   * after another, in one batched pass: output k holds n × {@code outputShapes().get(k)} values,
   * sample by sample. The last output is the class scores.
   */
  public synchronized List<double[]> outputs(double[] samples, int n) {
    int[] shape = model.inputShape();
    int per = NDArray.sizeOf(shape);
    if (n < 1 || samples.length != (long) n * per)
      throw new BadInputException("expected " + n + " sample(s) of shape " + java.util.Arrays.toString(shape) + " (" + (long) n * per
          + " values), got " + samples.length + " values");
    int[] full = new int[shape.length + 1];
    full[0] = n;
    System.arraycopy(shape, 0, full, 1, shape.length);
    executor.forward(new NDArray(full, samples.clone()));
    List<double[]> r = new ArrayList<>();
    for (NDArray o : executor.outputs()) r.add(o.data().clone());
    return r;
  }

  /** Shape of one sample of each output, e.g. [10] (worked out once on a scratch noiseless board, not on this one). */
  public synchronized List<int[]> outputShapes() {
    if (outputShapes == null) outputShapes = OutputShapes.probe(deployment);
    List<int[]> r = new ArrayList<>();
    for (int[] s : outputShapes) r.add(s.clone());
    return r;
  }

  /** Number of classes: the size of one sample of the last output. */
  public int classes() {
    List<int[]> s = outputShapes();
    return NDArray.sizeOf(s.get(s.size() - 1));
  }

  /**
   * True when a sample's outputs depend on that sample and the board's state alone, never on the
   * other samples of its batch: the board's products are exact per vector (no read noise, no ADC
   * range shared by a batch; the inputs are scaled per vector anyway). Then merging requests into
   * one batch, or splitting one, changes no bit of any output. False for noisy or auto-ranging
   * boards, where it changes which noise a sample sees and how finely it is quantized.
   */
  public boolean batchInvariant() {
    return BoardAbilities.productsPerVector(board);
  }

  /** Trains in situ for some epochs over a data set; returns one report per epoch. */
  public synchronized List<EpochReport> fineTune(Dataset data, int epochs) {
    Samples s = data.samples();
    List<EpochReport> reports = new ArrayList<>();
    TrainingListener l = new TrainingListener() {
      @Override public void onEpoch(EpochReport r) {
        progress.accept(r);
      }
    };
    DriftCompensator.clear(deployment);
    for (int e = 0; e < epochs; e++) reports.add(trainer.trainEpoch(s, null, ++learned.epochsTrained, l));
    learned.learnedSamples += (long) s.size() * epochs;
    afterLearning((long) epochs * batches(s.size()));
    return reports;
  }

  /**
   * Learns from a stream of labelled samples: buffers them and trains one in situ update each
   * time {@link DeployOptions#batch()} samples have arrived. Returns true when an update ran.
   *
   * @param classes number of classes of the labels
   */
  public synchronized boolean learn(double[] sample, int label, int classes) {
    int per = NDArray.sizeOf(model.inputShape());
    if (sample.length != per) throw new BadInputException("sample has " + sample.length + " values, the model takes " + per);
    if (label < 0 || label >= classes) throw new BadInputException("label " + label + " outside 0.." + (classes - 1));
    learned.streamX.add(sample.clone());
    learned.streamY.add(label);
    if (learned.streamX.size() < options.batch()) return false;
    double[] x = new double[learned.streamX.size() * per];
    int[] y = new int[learned.streamY.size()];
    for (int k = 0; k < y.length; k++) {
      System.arraycopy(learned.streamX.get(k), 0, x, k * per, per);
      y[k] = learned.streamY.get(k);
    }
    learned.streamX.clear();
    learned.streamY.clear();
    train(new Samples(x, y, model.inputShape(), classes));
    return true;
  }

  /**
   * Learns from {@code labels.length} labelled samples stored one after another: one in situ
   * update per {@link DeployOptions#batch()} samples (the last batch may be smaller), in the order
   * the trainer's seeded shuffle gives, at the base learning rate.
   *
   * @param labels class of each sample, in 0..{@link #classes()}-1
   */
  public synchronized LearnReport learn(double[] samples, int[] labels) {
    int per = NDArray.sizeOf(model.inputShape()), n = labels.length, classes = classes();
    if (n < 1 || samples.length != (long) n * per)
      throw new BadInputException("expected " + n + " sample(s) of " + per + " values for " + n + " label(s), got " + samples.length + " values");
    for (int k = 0; k < n; k++)
      if (labels[k] < 0 || labels[k] >= classes)
        throw new BadInputException("label " + labels[k] + " of sample " + k + " is outside 0.." + (classes - 1));
    BoardCounters before = board.counters();
    EpochReport r = train(new Samples(samples.clone(), labels.clone(), model.inputShape(), classes));
    BoardCounters done = board.counters().minus(before);
    return new LearnReport(n, batches(n), r.loss(), r.trainAccuracy(), done.pulses(), done.cellReads());
  }

  /** One pass over a few samples, as one short "epoch" at the first epoch's learning rate. */
  private EpochReport train(Samples s) {
    // Drift gains were fitted to the old conductances; training learns around drift itself.
    DriftCompensator.clear(deployment);
    EpochReport r = trainer.trainEpoch(s, null, 1, TrainingListener.NONE);
    learned.learnedSamples += s.size();
    afterLearning(batches(s.size()));
    return r;
  }

  private int batches(int samples) {
    return (samples + options.batch() - 1) / options.batch();
  }

  private void afterLearning(long updates) {
    learned.learnUpdates += updates;
    learned.driftReference.clear();
    learned.driftReference.putAll(DriftCompensator.snapshot(deployment));
  }

  /**
   * Compensates conductance drift: reads every crossbar block back, fits one gain per output
   * column that maps the weights read now onto the reference (read right after programming or
   * after the last learning) and applies it to the products digitally. Reads only, no pulses;
   * learning clears the gains again.
   */
  public synchronized DriftReport recalibrate() {
    long reads = board.counters().cellReads();
    var fits = DriftCompensator.compensate(deployment, learned.driftReference);
    double before = 0, after = 0;
    for (var f : fits.values()) {
      before += f.rmsBefore();
      after += f.rmsAfter();
    }
    learned.recalibrations++;
    int n = Math.max(1, fits.size());
    return new DriftReport(fits.size(), before / n, after / n, board.counters().cellReads() - reads);
  }

  /** Accuracy on a data set, computed on the board. */
  public synchronized double accuracy(Dataset data) {
    int[] p = predict(data.x(), data.size());
    int ok = 0;
    for (int k = 0; k < p.length; k++) if (p[k] == data.y()[k]) ok++;
    return (double) ok / Math.max(1, p.length);
  }

  /** Called after every epoch of {@link #fineTune}. */
  public synchronized void onEpoch(Consumer<EpochReport> listener) {
    progress = listener;
  }

  /** Pulses, reads and MVMs the board has done. */
  public BoardCounters counters() {
    return board.counters();
  }

  /** Labelled samples trained on so far (by fineTune and learn), across restarts. */
  public synchronized long learnedSamples() {
    return learned.learnedSamples;
  }

  /** Drift recalibrations so far, across restarts. */
  public synchronized long recalibrations() {
    return learned.recalibrations;
  }

  /**
   * The model as the board computes it now: weights read back from the devices, trained biases,
   * with this deployment's placement and the board as its target. Deploy it elsewhere, average it
   * with other boards' ({@link Model#parameters()}), or {@link Model#save} it.
   */
  public synchronized Model learnedModel() {
    return new Model(model.name(), session.measuredGraph(), deployment.placement(), board.spec());
  }

  /**
   * Writes the model as the board computes it now (weights read back from the devices, trained
   * biases) and its placement, as a .xbar artifact; {@code Insitu.load(file).deploy(...)} restores it.
   */
  public synchronized void checkpoint(Path file) {
    session.writeMeasuredModel(file);
  }

  /**
   * Saves everything this model is into {@code dir}: model and placement, the trainer's state
   * (optimizer, biases, last reads), what it learned and its drift reference, and a simulated
   * board's whole state (conductances, clock, generator). The write is atomic (temporary file,
   * fsync, rename) and the previous save is kept until the next one; {@link Insitu#resume(Path)}
   * continues from the newest valid one, bit for bit on a simulated board.
   *
   * @return the file written
   */
  public synchronized Path saveState(Path dir) {
    return SavedDeployment.write(dir, this);
  }

  Session session() {
    return session;
  }

  LearnedState learned() {
    return learned;
  }

  UpdateChoice update() {
    return update;
  }

  String openedSpec() {
    return boardSpec;
  }

  /** Releases the model's threads, and the board if the model opened it. */
  @Override public void close() {
    session.close();
  }
}
