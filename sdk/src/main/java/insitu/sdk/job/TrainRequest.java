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
 */
public record TrainRequest(String model, String data, String board, int epochs, int batch, double learningRate,
                           Double lrDecay, String optimizer, String update, long seed, Path outDir, String init,
                           int checkpointEvery) {

  /** Batches between two checkpoints (one is also written at the end of every epoch). */
  public static final int CHECKPOINT_EVERY = 50;

  public TrainRequest(String model, String data, String board, int epochs, int batch, double learningRate,
                      Double lrDecay, String optimizer, String update, long seed, Path outDir, String init) {
    this(model, data, board, epochs, batch, learningRate, lrDecay, optimizer, update, seed, outDir, init, CHECKPOINT_EVERY);
  }

  public TrainRequest(String model, String data, String board, int epochs, int batch, double learningRate,
                      Double lrDecay, String optimizer, String update, long seed, Path outDir) {
    this(model, data, board, epochs, batch, learningRate, lrDecay, optimizer, update, seed, outDir, "auto");
  }

  /** Fine-tuning trained weights wants smaller steps than training from scratch. */
  public static final double FINE_TUNE_LEARNING_RATE = 0.004, LEARNING_RATE = 0.01;

  /** The learning rate: as given, or (NaN) the default for the initialization. */
  public double resolvedLearningRate() {
    if (!Double.isNaN(learningRate)) return learningRate;
    return resolvedInit().equals("weights") ? FINE_TUNE_LEARNING_RATE : LEARNING_RATE;
  }

  /** The initialization this request resolves to. */
  public String resolvedInit() {
    if (!init.equals("auto")) return init;
    return model.endsWith(".onnx") || model.endsWith(".xbar") ? "weights" : "paper";
  }

  /** The demo: the paper CNN on the bundled 8×8 digits, simulated paper board, insitu's default rule. */
  public static TrainRequest demo(long seed) {
    return new TrainRequest("paper-cnn", "mnist8", "sim", 15, 100, 0.01, null, "rmsprop", "accumulate", seed, null);
  }
}
