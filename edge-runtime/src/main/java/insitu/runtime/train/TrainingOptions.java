package insitu.runtime.train;

/**
 * How to train.
 *
 * @param epochs passes over the training set
 * @param batch samples per weight update
 * @param learningRate optimizer step size at epoch 1
 * @param lrDecay learning rate multiplier per epoch (1 = constant, the paper's schedule)
 * @param optimizer rmsprop, sgd or adam
 * @param update paper (exact two-pulse rule), accumulate (two-pulse with accumulate-and-fire), manhattan
 * @param fireThresholdVolts accumulated gate step that fires a pulse, for {@code accumulate}
 * @param voltsPerWeight gate step per unit ΔW (the paper's 1.5 V)
 * @param seed shuffling seed
 * @param shuffle shuffle the training set every epoch (the paper used file order)
 */
public record TrainingOptions(int epochs, int batch, double learningRate, double lrDecay, String optimizer, String update,
                              double fireThresholdVolts, double voltsPerWeight, long seed, boolean shuffle) {

  public TrainingOptions {
    if (epochs < 0) throw new IllegalArgumentException("epochs must be >= 0");
    if (batch < 1) throw new IllegalArgumentException("batch must be >= 1");
    if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0");
  }

  /** The paper's schedule and rule: RMSprop lr 0.01, constant, every device pulsed every batch. */
  public static TrainingOptions paper(int epochs, int batch, long seed) {
    return new TrainingOptions(epochs, batch, 0.01, 1.0, "rmsprop", "paper", 0, 1.5, seed, true);
  }

  /** insitu's default: the paper's rule with accumulate-and-fire and a decaying learning rate. */
  public static TrainingOptions defaults(int epochs, int batch, long seed) {
    return new TrainingOptions(epochs, batch, 0.01, 0.85, "rmsprop", "accumulate", 0.1, 1.5, seed, true);
  }

  public TrainingOptions withEpochs(int e) {
    return new TrainingOptions(e, batch, learningRate, lrDecay, optimizer, update, fireThresholdVolts, voltsPerWeight, seed, shuffle);
  }
}
