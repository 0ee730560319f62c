package insitu.sdk.job;

import java.nio.file.Path;

/**
 * Everything a training run needs, as given on the command line.
 *
 * @param lrDecay per-epoch learning-rate factor, null for the update rule's default
 *     (0.85 with accumulate-and-fire, 1 with the paper's exact rule)
 * @param learningRate step size at epoch 1; NaN for the default of the initialization
 * @param outDir where the report, plots and checkpoints go; null for runs/&lt;name&gt;
 * @param checkpointEvery batches between checkpoints in {@code outDir/checkpoints}; 0 writes them at epoch ends only
 * @param init how the weights start: {@code paper} (RESET all, SET all at Vg0), {@code weights}
 *     (the model's own weights, programmed with write-verify: fine-tuning an imported model), or
 *     {@code auto} (weights for model files, paper for the built-in models)
 * @param update accumulate, paper, manhattan, write-verify ({@link insitu.runtime.train.WriteVerifyUpdate}) or auto
 *     (see {@link #resolvedUpdate})
 * @param calibration board calibration file ({@code --calibration}), or null
 * @param age virtual time to let pass on a simulated board once the weights are on it, before
 *     training ({@code --age 30d}), or null
 */
public record TrainRequest(String model, String data, String board, int epochs, int batch, double learningRate,
                           Double lrDecay, String optimizer, String update, long seed, Path outDir, String init,
                           int checkpointEvery, Path calibration, String age) {

  /** Batches between two checkpoints (one is also written at the end of every epoch). */
  public static final int CHECKPOINT_EVERY = 50;

  public TrainRequest(String model, String data, String board, int epochs, int batch, double learningRate,
                      Double lrDecay, String optimizer, String update, long seed, Path outDir, String init, int checkpointEvery) {
    this(model, data, board, epochs, batch, learningRate, lrDecay, optimizer, update, seed, outDir, init, checkpointEvery, null, null);
  }

  public TrainRequest(String model, String data, String board, int epochs, int batch, double learningRate,
                      Double lrDecay, String optimizer, String update, long seed, Path outDir, String init) {
    this(model, data, board, epochs, batch, learningRate, lrDecay, optimizer, update, seed, outDir, init, CHECKPOINT_EVERY);
  }

  public TrainRequest(String model, String data, String board, int epochs, int batch, double learningRate,
                      Double lrDecay, String optimizer, String update, long seed, Path outDir) {
    this(model, data, board, epochs, batch, learningRate, lrDecay, optimizer, update, seed, outDir, "auto");
  }

  /** The same request with a calibration and an age (see {@link DeviceSetup}). */
  public TrainRequest withDevice(DeviceSetup device) {
    return new TrainRequest(model, data, board, epochs, batch, learningRate, lrDecay, optimizer, update, seed, outDir, init,
        checkpointEvery, device.calibration(), device.age());
  }

  /** The same request writing into {@code dir}. */
  public TrainRequest withOutDir(Path dir) {
    return new TrainRequest(model, data, board, epochs, batch, learningRate, lrDecay, optimizer, update, seed, dir, init,
        checkpointEvery, calibration, age);
  }

  public DeviceSetup device() {
    return new DeviceSetup(calibration, age);
  }

  /** The same request with another update rule. */
  public TrainRequest withUpdate(String rule) {
    return new TrainRequest(model, data, board, epochs, batch, learningRate, lrDecay, optimizer, rule, seed, outDir, init,
        checkpointEvery, calibration, age);
  }

  /**
   * The update rule: as given, or for {@code auto} write-verify when trained weights are
   * fine-tuned on a calibrated board (one open-loop SET lands with a ~30 % spread there: measured
   * 92.7 % after one epoch against 96.8 % with write-verify) and the paper rule with
   * accumulate-and-fire otherwise (training from scratch, and every uncalibrated board).
   */
  public String resolvedUpdate(boolean calibrated) {
    if (!update.equals("auto")) return update;
    return calibrated && resolvedInit().equals("weights") ? "write-verify" : "accumulate";
  }

  /** Fine-tuning trained weights wants smaller steps than training from scratch. */
  public static final double FINE_TUNE_LEARNING_RATE = 0.004, LEARNING_RATE = 0.01;

  /**
   * Fine-tuning with write-verify updates: RMSprop at 0.004 random-walks the trained weights on
   * realistic devices (measured −0.5 point in one epoch), 0.001 keeps them (docs/decisions.md).
   */
  public static final double FINE_TUNE_WRITE_VERIFY_LEARNING_RATE = 0.001;

  /** The learning rate: as given, or (NaN) the default for the initialization and update rule. */
  public double resolvedLearningRate() {
    if (!Double.isNaN(learningRate)) return learningRate;
    if (!resolvedInit().equals("weights")) return LEARNING_RATE;
    return update.equals("write-verify") ? FINE_TUNE_WRITE_VERIFY_LEARNING_RATE : FINE_TUNE_LEARNING_RATE;
  }

  /** The initialization this request resolves to. */
  public String resolvedInit() {
    if (!init.equals("auto")) return init;
    return ModelCatalog.trainedWeights(model) ? "weights" : "paper";
  }

  /** The demo: the paper CNN on the bundled 8×8 digits, simulated paper board, insitu's default rule. */
  public static TrainRequest demo(long seed) {
    return new TrainRequest("paper-cnn", "mnist8", "sim", 15, 100, 0.01, null, "rmsprop", "accumulate", seed, null);
  }
}
