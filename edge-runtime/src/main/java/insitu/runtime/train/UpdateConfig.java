package insitu.runtime.train;

import insitu.compiler.mapping.StuckDevices;
import insitu.runtime.program.WriteVerifyOptions;

/**
 * Which update rule turns a weight change into pulses, with its parameters: a closed family of
 * typed configurations, made into rules by {@link UpdateRules#create}. {@link #describe()} is the
 * rule's name in reports.
 */
public sealed interface UpdateConfig
    permits UpdateConfig.PaperTwoPulse, UpdateConfig.Manhattan, UpdateConfig.WriteVerify, UpdateConfig.AccumulateAndFire {

  /** The name reports give the rule, e.g. {@code paper+accumulate(0.1 V)}. */
  String describe();

  /**
   * The paper's open-loop two-pulse rule (paper-spec §4.2): ΔV = voltsPerWeight·ΔW, +ΔV on the G⁺
   * device and −ΔV on the G⁻ device, a device whose ΔV is negative RESET first, every device with
   * ΔV ≠ 0 SET at clamp(Vg_last + ΔV).
   */
  record PaperTwoPulse(double voltsPerWeight) implements UpdateConfig {
    /** The paper's gate step per unit ΔW. */
    public static final double PAPER_VOLTS_PER_WEIGHT = 1.5;

    public PaperTwoPulse {
      if (!(voltsPerWeight > 0) || Double.isInfinite(voltsPerWeight))
        throw new IllegalArgumentException("volts per weight must be a positive number, was " + voltsPerWeight);
    }

    /** The paper's: 1.5 V per unit ΔW. */
    public static PaperTwoPulse paper() {
      return new PaperTwoPulse(PAPER_VOLTS_PER_WEIGHT);
    }

    @Override public String describe() {
      return "paper";
    }
  }

  /**
   * Sign ("Manhattan") updates: each weight whose |ΔW| exceeds {@code thresholdWeight} moves one
   * fixed gate step in the direction of its sign, whatever the magnitude. Robust to device
   * nonlinearity; the step plays the role of the learning rate.
   */
  record Manhattan(double stepVolts, double thresholdWeight) implements UpdateConfig {
    /** insitu's step: 0.05 V, a thirtieth of the paper's 1.5 V per unit weight. */
    public static final double DEFAULT_STEP_VOLTS = 0.05;

    public Manhattan {
      if (!(stepVolts > 0) || Double.isInfinite(stepVolts)) throw new IllegalArgumentException("Manhattan step must be a positive number of volts, was " + stepVolts);
      if (!(thresholdWeight >= 0)) throw new IllegalArgumentException("Manhattan threshold must be >= 0, was " + thresholdWeight);
    }

    @Override public String describe() {
      return "manhattan(" + stepVolts + " V)";
    }
  }

  /**
   * In situ update by write-verify (issue 7): ΔW is accumulated per weight and, once a weight's
   * change reaches {@code thresholdWeight}, its free devices are re-programmed closed loop by
   * their share of the change, around the devices known to be stuck.
   *
   * @param options the closed loop's window and caps (capped further per update)
   * @param stuck devices known to be stuck and the window to keep the others in (e.g. a board
   *     calibration's); null for none known and the board's window
   */
  record WriteVerify(double thresholdWeight, WriteVerifyOptions options, StuckDevices stuck) implements UpdateConfig {
    /** ΔW that triggers a write-verify of a pair: above what the verify window can resolve. */
    public static final double DEFAULT_THRESHOLD = 0.05;

    public WriteVerify {
      if (!(thresholdWeight > 0) || Double.isInfinite(thresholdWeight))
        throw new IllegalArgumentException("write-verify threshold must be a positive weight, was " + thresholdWeight);
      if (options == null) throw new IllegalArgumentException("write-verify updates need write-verify options");
    }

    @Override public String describe() {
      return "write-verify(threshold " + thresholdWeight + ")";
    }
  }

  /**
   * Accumulate-and-fire around a gate-step rule: the inner rule's gate steps are summed per weight
   * digitally and a weight is pulsed only when its sum reaches {@code thresholdVolts}, with the
   * whole sum. Fewer pulses, and with them less of the write noise each pulse adds.
   *
   * @param inner a rule that moves gates by steps: {@link PaperTwoPulse} or {@link Manhattan}
   */
  record AccumulateAndFire(UpdateConfig inner, double thresholdVolts) implements UpdateConfig {
    /** insitu's default threshold. */
    public static final double DEFAULT_THRESHOLD_VOLTS = 0.1;

    public AccumulateAndFire {
      if (!(inner instanceof PaperTwoPulse) && !(inner instanceof Manhattan))
        throw new IllegalArgumentException("accumulate-and-fire sums gate steps: it wraps the paper or the Manhattan rule, not " + inner);
      if (!(thresholdVolts > 0) || Double.isInfinite(thresholdVolts))
        throw new IllegalArgumentException("accumulate-and-fire threshold must be a positive number of volts, was " + thresholdVolts);
    }

    @Override public String describe() {
      return inner.describe() + "+accumulate(" + thresholdVolts + " V)";
    }
  }
}
