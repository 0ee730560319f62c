package insitu.sdk.job;

import insitu.errors.UsageException;
import insitu.runtime.session.Initialization;
import insitu.runtime.session.UpdateChoice;
import insitu.runtime.train.OptimizerKind;
import java.nio.file.Path;

/**
 * Everything a training run needs, typed (the command line parses its options into this).
 *
 * @param learningRate step size at epoch 1; NaN for the default of the initialization and update rule
 * @param lrDecay per-epoch learning-rate factor, null for the update rule's default
 *     (0.85; 1 with the paper's exact rule)
 * @param outDir where the report, plots, model and checkpoints go; null for runs/&lt;name&gt;
 * @param init how the weights start ({@link Initialization#AUTO}: the model's own weights for model files, the paper's otherwise)
 * @param checkpointEvery batches between checkpoints in {@code outDir/checkpoints}; 0 writes them at epoch ends only
 * @param calibration board calibration file ({@code --calibration}), or null
 * @param age virtual time to let pass on a simulated board once the weights are on it, before
 *     training ({@code --age 30d}), or null
 * @param keep which epoch's weights {@code outDir/model.xbar} holds
 */
public record TrainRequest(String model, String data, String board, int epochs, int batch, double learningRate,
                           Double lrDecay, OptimizerKind optimizer, UpdateChoice update, long seed, Path outDir, Initialization init,
                           int checkpointEvery, Path calibration, String age, Keep keep) {

  /** Batches between two checkpoints (one is also written at the end of every epoch). */
  public static final int CHECKPOINT_EVERY = 50;

  /** Fine-tuning trained weights wants smaller steps than training from scratch. */
  public static final double FINE_TUNE_LEARNING_RATE = 0.004, LEARNING_RATE = 0.01;

  /**
   * Fine-tuning with write-verify updates: RMSprop at 0.004 random-walks the trained weights on
   * realistic devices, 0.001 keeps them (docs/decisions.md).
   */
  public static final double FINE_TUNE_WRITE_VERIFY_LEARNING_RATE = 0.001;

  public TrainRequest {
    if (optimizer == null || update == null || init == null || keep == null)
      throw new IllegalArgumentException("a training request needs an optimizer, an update rule, an initialization and a kept epoch");
    if (init == Initialization.ATTACH)
      throw new UsageException("a training run programs its model; attaching to weights already on a board is for a deployed model");
    if (epochs < 0 || batch < 1 || checkpointEvery < 0) throw new UsageException("epochs and checkpoint interval must be >= 0 and batch >= 1");
    if (!Double.isNaN(learningRate) && !(learningRate > 0 && learningRate < Double.POSITIVE_INFINITY))
      throw new UsageException("the learning rate must be a number > 0, was " + learningRate);
    if (lrDecay != null && !(lrDecay > 0 && lrDecay < Double.POSITIVE_INFINITY))
      throw new UsageException("the learning-rate decay must be a number > 0, was " + lrDecay);
  }

  /** insitu's defaults for a model on a data set and board: RMSprop, accumulate-and-fire, default learning rate. */
  public static TrainRequest of(String model, String data, String board, int epochs, int batch, long seed, Path outDir) {
    return new TrainRequest(model, data, board, epochs, batch, Double.NaN, null, OptimizerKind.RMSPROP, UpdateChoice.AUTO, seed,
        outDir, Initialization.AUTO, CHECKPOINT_EVERY, null, null, Keep.LAST);
  }

  /** The demo: the paper CNN on the bundled 8×8 digits, simulated paper board, insitu's default rule. */
  public static TrainRequest demo(long seed) {
    return of("paper-cnn", "mnist8", "sim", 15, 100, seed, null).withUpdate(UpdateChoice.ACCUMULATE).withLearningRate(0.01);
  }

  public TrainRequest withUpdate(UpdateChoice u) {
    return with(epochs, learningRate, u, outDir, device());
  }

  public TrainRequest withLearningRate(double lr) {
    return with(epochs, lr, update, outDir, device());
  }

  public TrainRequest withEpochs(int e) {
    return with(e, learningRate, update, outDir, device());
  }

  /** The same request writing into {@code dir}. */
  public TrainRequest withOutDir(Path dir) {
    return with(epochs, learningRate, update, dir, device());
  }

  /** The same request with a calibration and an age (see {@link DeviceSetup}). */
  public TrainRequest withDevice(DeviceSetup device) {
    return with(epochs, learningRate, update, outDir, device);
  }

  /** This request with the settings a caller may change after parsing; the rest stays. */
  private TrainRequest with(int epochs, double learningRate, UpdateChoice update, Path outDir, DeviceSetup device) {
    return new TrainRequest(model, data, board, epochs, batch, learningRate, lrDecay, optimizer, update, seed, outDir, init, checkpointEvery,
        device.calibration(), device.age(), keep);
  }

  public DeviceSetup device() {
    return new DeviceSetup(calibration, age);
  }

  /** Whether the model brings trained weights of its own (a file or a zoo model), which {@link Initialization#AUTO} then programs. */
  public boolean trainedWeights() {
    return ModelCatalog.trainedWeights(model);
  }

  /** The initialization this request resolves to. */
  public Initialization resolvedInit() {
    return init.resolve(trainedWeights());
  }

  /** The update rule: as given, or {@link UpdateChoice#AUTO}'s choice for this initialization on a (not) calibrated board. */
  public UpdateChoice resolvedUpdate(boolean calibrated) {
    return update.resolve(calibrated, resolvedInit());
  }

  /** The learning rate: as given, or (NaN) the default for the initialization and update rule. */
  public double resolvedLearningRate() {
    if (!Double.isNaN(learningRate)) return learningRate;
    if (resolvedInit() != Initialization.WEIGHTS) return LEARNING_RATE;
    return update == UpdateChoice.WRITE_VERIFY ? FINE_TUNE_WRITE_VERIFY_LEARNING_RATE : FINE_TUNE_LEARNING_RATE;
  }
}
