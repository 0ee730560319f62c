package insitu.sdk;

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
 */
public record DeployOptions(String initialization, int batch, double learningRate, long seed) {
  public DeployOptions {
    if (!java.util.List.of("auto", "weights", "paper").contains(initialization))
      throw new IllegalArgumentException("initialization must be auto, weights or paper, was " + initialization);
    if (batch < 1) throw new IllegalArgumentException("batch must be >= 1");
    if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0");
  }

  public static DeployOptions defaults() {
    return new DeployOptions("auto", 50, 0.004, 1);
  }

  /** Training from scratch on the board: the paper's initialization and learning rate. */
  public static DeployOptions trainFromScratch() {
    return new DeployOptions("paper", 100, 0.01, 1);
  }

  public DeployOptions withBatch(int b) {
    return new DeployOptions(initialization, b, learningRate, seed);
  }

  public DeployOptions withLearningRate(double lr) {
    return new DeployOptions(initialization, batch, lr, seed);
  }
}
