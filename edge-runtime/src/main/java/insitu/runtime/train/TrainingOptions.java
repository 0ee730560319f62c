package insitu.runtime.train;

/**
 * How to train.
 *
 * @param epochs passes over the training set
 * @param batch samples per weight update
 * @param learningRate optimizer step size at epoch 1
 * @param lrDecay learning rate multiplier per epoch (1 = constant, the paper's schedule)
 * @param optimizer the optimizer
 * @param update the update rule that turns ΔW into pulses
 * @param seed shuffling seed
 * @param shuffle shuffle the training set every epoch (the paper used file order)
 */
public record TrainingOptions(int epochs, int batch, double learningRate, double lrDecay, OptimizerKind optimizer, UpdateConfig update,
                              long seed, boolean shuffle) {

  /** insitu's learning-rate factor per epoch (the paper's exact rule keeps the rate constant). */
  public static final double DEFAULT_DECAY = 0.85;

  public TrainingOptions {
    if (epochs < 0) throw new IllegalArgumentException("epochs must be >= 0");
    if (batch < 1) throw new IllegalArgumentException("batch must be >= 1");
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) throw new IllegalArgumentException("learning rate must be a number > 0, was " + learningRate);
    if (!(lrDecay > 0) || Double.isInfinite(lrDecay)) throw new IllegalArgumentException("learning-rate decay must be a number > 0, was " + lrDecay);
    if (optimizer == null || update == null) throw new IllegalArgumentException("an optimizer and an update rule are needed");
  }

  /** insitu's update: the paper's rule with accumulate-and-fire at 0.1 V. */
  public static UpdateConfig accumulate() {
    return new UpdateConfig.AccumulateAndFire(UpdateConfig.PaperTwoPulse.paper(), UpdateConfig.AccumulateAndFire.DEFAULT_THRESHOLD_VOLTS);
  }

  /** The paper's schedule and rule: RMSprop lr 0.01, constant, every device pulsed every batch. */
  public static TrainingOptions paper(int epochs, int batch, long seed) {
    return new TrainingOptions(epochs, batch, 0.01, 1.0, OptimizerKind.RMSPROP, UpdateConfig.PaperTwoPulse.paper(), seed, true);
  }

  /** insitu's default: the paper's rule with accumulate-and-fire and a decaying learning rate. */
  public static TrainingOptions defaults(int epochs, int batch, long seed) {
    return new TrainingOptions(epochs, batch, 0.01, DEFAULT_DECAY, OptimizerKind.RMSPROP, accumulate(), seed, true);
  }

  public TrainingOptions withEpochs(int e) {
    return new TrainingOptions(e, batch, learningRate, lrDecay, optimizer, update, seed, shuffle);
  }

  public TrainingOptions withUpdate(UpdateConfig u) {
    return new TrainingOptions(epochs, batch, learningRate, lrDecay, optimizer, u, seed, shuffle);
  }
}
