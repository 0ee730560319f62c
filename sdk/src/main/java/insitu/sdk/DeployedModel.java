package insitu.sdk;

import insitu.boards.Board;
import insitu.boards.BoardCounters;
import insitu.compiler.artifact.ArtifactWriter;
import insitu.compiler.mapping.MappingOptions;
import insitu.errors.BadInputException;
import insitu.runtime.Deployment;
import insitu.runtime.calibrate.CalibratedDeployment;
import insitu.runtime.calibrate.Calibration;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.exec.GraphExecutor;
import insitu.runtime.tensor.NDArray;
import insitu.runtime.train.EpochReport;
import insitu.runtime.train.Samples;
import insitu.runtime.train.SoftmaxCrossEntropy;
import insitu.runtime.train.Trainer;
import insitu.runtime.train.TrainingListener;
import insitu.runtime.train.TrainingOptions;
import insitu.sdk.data.Dataset;
import insitu.sdk.job.TrainJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * A model living on a board: predicts with analog MVMs and keeps learning in situ. All methods are
 * thread-safe (one board, one operation at a time). Close it to release the board if the model
 * opened it.
 */
public final class DeployedModel implements AutoCloseable {
  private final Model model;
  private final Board board;
  private final boolean ownsBoard;
  private final DeployOptions options;
  private final Deployment deployment;
  private final GraphExecutor predictor;
  private final Trainer trainer;
  private final String initialization;
  private final List<double[]> streamX = new ArrayList<>();
  private final List<Integer> streamY = new ArrayList<>();
  private Consumer<EpochReport> progress = r -> {};
  private int epochsTrained;

  DeployedModel(Model model, Board board, boolean ownsBoard, DeployOptions options) {
    this.model = model;
    this.board = board;
    this.ownsBoard = ownsBoard;
    this.options = options;
    Calibration cal = options.calibration();
    String init = options.initialization();
    if (init.equals("attach") && model.placement() == null)
      throw new insitu.errors.UsageException("model '" + model.name() + "' has no placement on a board to attach to");
    this.deployment = init.equals("attach") ? new Deployment(board, model.graph(), model.placement())
        : cal == null ? Deployment.map(board, model.graph(), MappingOptions.defaults())
        : CalibratedDeployment.map(board, model.graph(), cal).deployment();
    GateResponse response = cal == null ? GateResponse.paper() : cal.gateResponse();
    // A model with a target came from an artifact or was read back from a board: it carries trained weights.
    if (init.equals("auto"))
      init = model.name().endsWith(".onnx") || model.name().endsWith(".xbar") || model.target().isPresent() ? "weights" : "paper";
    boolean weights = init.equals("weights") || init.equals("attach");
    if (init.equals("attach")) deployment.readBack();
    this.initialization = init.equals("attach") ? "attached to the weights on the board (nothing programmed)"
        : weights ? TrainJob.programWeights(deployment, response, cal, new LinkedHashMap<>())
        : cal == null ? TrainJob.initialize(deployment, response)
        : TrainJob.initialize(deployment, response, response.gateFor(cal.centerSiemens()));
    this.predictor = deployment.executor();
    // Trained weights on a calibrated board are fine-tuned closed loop: one open-loop SET of a real
    // device lands with a wide spread (BENCHMARKS.md, device lifecycle).
    String update = cal != null && weights ? "write-verify" : "accumulate";
    TrainingOptions t = new TrainingOptions(1, options.batch(), options.learningRate(), 0.85, "rmsprop", update, 0.1, 1.5,
        options.seed(), true);
    this.trainer = TrainJob.trainer(deployment, t, cal);
  }

  public Model model() {
    return model;
  }

  /** How the weights got onto the board (paper initialization, or write-verify with its cell count). */
  public String initialization() {
    return initialization;
  }

  /** Class scores of one sample (shaped like {@link Model#inputShape()}, flattened). */
  public synchronized double[] scores(double[] sample) {
    return outputs(sample, 1);
  }

  /** The predicted class of one sample. */
  public int predict(double[] sample) {
    double[] s = scores(sample);
    return SoftmaxCrossEntropy.argmax(s, 0, s.length);
  }

  /** Predicted classes of {@code n} samples stored one after another in {@code samples}: one batched pass. */
  public synchronized int[] predict(double[] samples, int n) {
    double[] out = outputs(samples, n);
    int classes = out.length / n;
    int[] r = new int[n];
    for (int k = 0; k < n; k++) r[k] = SoftmaxCrossEntropy.argmax(out, k, classes);
    return r;
  }

  private double[] outputs(double[] samples, int n) {
    int[] shape = model.inputShape();
    int per = NDArray.sizeOf(shape);
    if (n < 1 || samples.length != n * per)
      throw new BadInputException("expected " + n + " sample(s) of shape " + java.util.Arrays.toString(shape) + " (" + n * per
          + " values), got " + samples.length + " values");
    int[] full = new int[shape.length + 1];
    full[0] = n;
    System.arraycopy(shape, 0, full, 1, shape.length);
    predictor.forward(new NDArray(full, samples.clone()));
    List<NDArray> outs = predictor.outputs();
    return outs.get(outs.size() - 1).data().clone();
  }

  /** Trains in situ for some epochs over a data set; returns one report per epoch. */
  public synchronized List<EpochReport> fineTune(Dataset data, int epochs) {
    Samples s = new Samples(data.x(), data.y(), data.sampleShape(), data.classes());
    List<EpochReport> reports = new ArrayList<>();
    TrainingListener l = new TrainingListener() {
      @Override public void onEpoch(EpochReport r) {
        progress.accept(r);
      }
    };
    for (int e = 0; e < epochs; e++) reports.add(trainer.trainEpoch(s, null, ++epochsTrained, l));
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
    streamX.add(sample.clone());
    streamY.add(label);
    if (streamX.size() < options.batch()) return false;
    double[] x = new double[streamX.size() * per];
    int[] y = new int[streamY.size()];
    for (int k = 0; k < y.length; k++) {
      System.arraycopy(streamX.get(k), 0, x, k * per, per);
      y[k] = streamY.get(k);
    }
    streamX.clear();
    streamY.clear();
    // One batch is one short "epoch" at the first epoch's learning rate.
    trainer.trainEpoch(new Samples(x, y, model.inputShape(), classes), null, 1, TrainingListener.NONE);
    return true;
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

  /**
   * The model as the board computes it now: weights read back from the devices, trained biases,
   * with this deployment's placement and the board as its target. Deploy it elsewhere, average it
   * with other boards' ({@link Model#parameters()}), or {@link Model#save} it.
   */
  public synchronized Model learnedModel() {
    return new Model(model.name(), deployment.measuredGraph(trainer.digitalParameters()), deployment.placement(), board.spec());
  }

  /**
   * Writes the model as the board computes it now (weights read back from the devices, trained
   * biases) and its placement, as a .xbar artifact; {@code Insitu.load(file).deploy(...)} restores it.
   */
  public synchronized void checkpoint(Path file) {
    ArtifactWriter.write(deployment.measuredGraph(trainer.digitalParameters()), deployment.placement(), board.spec(), null, file);
  }

  @Override public void close() {
    if (ownsBoard) board.close();
  }
}
