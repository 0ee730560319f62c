package insitu.runtime.session;

import insitu.compiler.mapping.StuckDevices;
import insitu.runtime.Choice;
import insitu.runtime.program.WriteVerifyOptions;
import insitu.runtime.train.TrainingOptions;
import insitu.runtime.train.UpdateConfig;

/** The update rules a run can ask for by name ({@link #label()}); a session makes each an {@link UpdateConfig} for its devices. */
public enum UpdateChoice implements Choice {
  /** {@link #WRITE_VERIFY} when trained weights are fine-tuned on a calibrated board, {@link #ACCUMULATE} otherwise. */
  AUTO,
  /** The paper's rule with accumulate-and-fire at 0.1 V. */
  ACCUMULATE,
  /** The paper's exact rule: every weight pulsed every batch. */
  PAPER,
  /** Sign steps of 0.05 V. */
  MANHATTAN,
  /** A weight's devices re-programmed closed loop once its accumulated change reaches 0.05. */
  WRITE_VERIFY;

  /**
   * {@link #AUTO} made concrete: write-verify when trained weights are fine-tuned on a calibrated
   * board (an open-loop SET lands too far from its target there to keep what the weights learned),
   * the paper rule with accumulate-and-fire otherwise.
   */
  public UpdateChoice resolve(boolean calibrated, Initialization init) {
    if (this != AUTO) return this;
    return calibrated && init.trainedWeights() ? WRITE_VERIFY : ACCUMULATE;
  }

  /**
   * The rule's configuration on devices that take {@code voltsPerWeight} of gate step per unit ΔW,
   * verify with {@code writeVerify} and have the {@code stuck} devices (null: none known).
   */
  public UpdateConfig config(double voltsPerWeight, WriteVerifyOptions writeVerify, StuckDevices stuck) {
    var paper = new UpdateConfig.PaperTwoPulse(voltsPerWeight);
    return switch (this) {
      case ACCUMULATE -> new UpdateConfig.AccumulateAndFire(paper, UpdateConfig.AccumulateAndFire.DEFAULT_THRESHOLD_VOLTS);
      case PAPER -> paper;
      case MANHATTAN -> new UpdateConfig.Manhattan(UpdateConfig.Manhattan.DEFAULT_STEP_VOLTS, 0);
      case WRITE_VERIFY -> new UpdateConfig.WriteVerify(UpdateConfig.WriteVerify.DEFAULT_THRESHOLD, writeVerify, stuck);
      case AUTO -> throw new IllegalStateException("resolve the update rule first");
    };
  }

  /** The learning-rate decay per epoch this rule trains with by default: constant for the paper's exact rule. */
  public double defaultDecay() {
    return this == PAPER ? 1.0 : TrainingOptions.DEFAULT_DECAY;
  }
}
