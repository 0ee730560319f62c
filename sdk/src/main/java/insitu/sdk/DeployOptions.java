package insitu.sdk;

import insitu.runtime.calibrate.Calibration;
import insitu.runtime.calibrate.CalibrationJson;
import insitu.runtime.session.Initialization;
import java.nio.file.Path;

/**
 * How a model goes onto the board and how it learns there.
 *
 * @param initialization {@link Initialization#WEIGHTS}: program the model's own weights with write-verify;
 *     {@link Initialization#PAPER}: RESET all devices and SET them at Vg0 (training from scratch, as in the paper);
 *     {@link Initialization#AUTO}: weights for a model that brings trained ones (a file, or one with a
 *     target), paper for the built-in ones;
 *     {@link Initialization#ATTACH}: program nothing: the board already holds this model (e.g. one read
 *     back with {@link DeployedModel#learnedModel()} on this board), so its own placement is used and
 *     the weights are read back from the devices (a device that frees its working memory between jobs)
 * @param batch samples per weight update when fine-tuning (also the size of the stream buffer of
 *     {@link DeployedModel#learn})
 * @param learningRate RMSprop step size
 * @param seed seed of shuffling and of the board
 * @param calibration what {@code insitu board selftest} measured on this board, or null: with one,
 *     the model is mapped around the board's stuck cells with two copies per weight, programmed
 *     with the board's own gate response, and fine-tuned with write-verify updates (decisions.md #11)
 */
public record DeployOptions(Initialization initialization, int batch, double learningRate, long seed, Calibration calibration) {
  public DeployOptions {
    if (initialization == null) throw new IllegalArgumentException("an initialization is needed");
    if (batch < 1) throw new IllegalArgumentException("batch must be >= 1");
    if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0");
  }

  public static DeployOptions defaults() {
    return new DeployOptions(Initialization.AUTO, 50, 0.004, 1, null);
  }

  /** Training from scratch on the board: the paper's initialization and learning rate. */
  public static DeployOptions trainFromScratch() {
    return new DeployOptions(Initialization.PAPER, 100, 0.01, 1, null);
  }

  public DeployOptions withBatch(int b) {
    return new DeployOptions(initialization, b, learningRate, seed, calibration);
  }

  public DeployOptions withLearningRate(double lr) {
    return new DeployOptions(initialization, batch, lr, seed, calibration);
  }

  /** Attaches to the weights already on the board instead of programming them ({@link Initialization#ATTACH}). */
  public DeployOptions attach() {
    return new DeployOptions(Initialization.ATTACH, batch, learningRate, seed, calibration);
  }

  /** Another seed of shuffling (fine-tuning order) and of the board. */
  public DeployOptions withSeed(long s) {
    return new DeployOptions(initialization, batch, learningRate, s, calibration);
  }

  /** Deploys with a board's calibration (null: none). */
  public DeployOptions withCalibration(Calibration c) {
    return new DeployOptions(initialization, batch, learningRate, seed, c);
  }

  /** Deploys with the calibration file {@code insitu board selftest --out FILE} wrote. */
  public DeployOptions withCalibration(Path file) {
    return withCalibration(CalibrationJson.read(file));
  }
}
