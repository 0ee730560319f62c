package insitu.sdk;

import insitu.runtime.calibrate.Calibration;
import insitu.runtime.calibrate.CalibrationJson;
import java.nio.file.Path;

/**
 * How a model goes onto the board and how it learns there.
 *
 * @param initialization {@code weights}: program the model's own weights with write-verify;
 *     {@code paper}: RESET all devices and SET them at Vg0 (training from scratch, as in the paper);
 *     {@code auto}: weights for ONNX and .xbar models, paper for the built-in ones
 * @param batch samples per weight update when fine-tuning (also the size of the stream buffer of
 *     {@link DeployedModel#learn})
 * @param learningRate RMSprop step size
 * @param seed seed of shuffling and of the board
 * @param calibration what {@code insitu board selftest} measured on this board, or null: with one,
 *     the model is mapped around the board's stuck cells with two copies per weight, programmed
 *     with the board's own gate response, and fine-tuned with write-verify updates (decisions.md #11)
 */
public record DeployOptions(String initialization, int batch, double learningRate, long seed, Calibration calibration) {
  public DeployOptions {
    if (!java.util.List.of("auto", "weights", "paper").contains(initialization))
      throw new IllegalArgumentException("initialization must be auto, weights or paper, was " + initialization);
    if (batch < 1) throw new IllegalArgumentException("batch must be >= 1");
    if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0");
  }

  public static DeployOptions defaults() {
    return new DeployOptions("auto", 50, 0.004, 1, null);
  }

  /** Training from scratch on the board: the paper's initialization and learning rate. */
  public static DeployOptions trainFromScratch() {
    return new DeployOptions("paper", 100, 0.01, 1, null);
  }

  public DeployOptions withBatch(int b) {
    return new DeployOptions(initialization, b, learningRate, seed, calibration);
  }

  public DeployOptions withLearningRate(double lr) {
    return new DeployOptions(initialization, batch, lr, seed, calibration);
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
