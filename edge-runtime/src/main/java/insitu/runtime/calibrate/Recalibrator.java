package insitu.runtime.calibrate;

import insitu.runtime.Choice;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.program.ProgramReport;
import insitu.runtime.train.Predictor;
import insitu.runtime.train.Samples;
import insitu.runtime.train.Trainer;
import insitu.runtime.train.TrainingListener;
import insitu.runtime.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps a deployed model above an accuracy threshold as its devices age. Measures accuracy on a
 * held-back calibration set; below the threshold it escalates, cheapest first, and stops as soon
 * as the threshold is met again:
 *
 * <ol>
 *   <li>{@code compensate}: digital per-column gains fitted from read-back conductances
 *       ({@link DriftCompensator}): a few reads, no pulses;
 *   <li>{@code reprogram}: write-verify the reference weights again (pulses on drifted cells only);
 *   <li>{@code finetune}: in situ training epochs on the training set, with the given update rule
 *       (only when training data is given).
 * </ol>
 *
 * The steps to try are the policy's. Usable from Java (the SDK facade) and from {@code insitu eval
 * --recalibrate THRESHOLD}.
 */
public final class Recalibrator {

  /** What a recalibration step does; {@link #CHECK} is the first measurement, not an action. */
  public enum Action implements Choice {
    CHECK, COMPENSATE, REPROGRAM, FINETUNE
  }

  /**
   * @param threshold accuracy (0–1) on the calibration set below which to act
   * @param steps actions to try in order: compensate, reprogram, finetune
   * @param fineTuneEpochs epochs per fine-tuning step
   */
  public record Policy(double threshold, List<Action> steps, int fineTuneEpochs) {
    public Policy {
      steps = List.copyOf(steps);
      if (steps.contains(Action.CHECK)) throw new IllegalArgumentException("checking is not a recalibration step");
      if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("threshold must be an accuracy in [0,1], was " + threshold);
    }

    /** Compensate drift, then fine-tune one epoch. */
    public static Policy defaults(double threshold) {
      return new Policy(threshold, List.of(Action.COMPENSATE, Action.FINETUNE), 1);
    }
  }

  /** One action and the calibration-set accuracy after it. */
  public record Step(Action action, double accuracy, long pulses, double seconds) {}

  /** What happened, in order; {@code met} says whether the threshold holds at the end. */
  public record Outcome(List<Step> steps, boolean met) {
    public double finalAccuracy() {
      return steps.get(steps.size() - 1).accuracy();
    }
  }

  /** How to re-program the deployment's reference weights (e.g. with a calibration's stuck-pair compensation). */
  @FunctionalInterface
  public interface Reprogrammer {
    ProgramReport reprogram(Deployment d);
  }

  private final Deployment deployment;
  private final Map<String, double[]> reference;
  private final Reprogrammer reprogrammer;
  private final GateResponse response;
  private final TrainingOptions fineTune;
  private final int batch;

  /**
   * @param reference weights the deployment should hold (drift is measured against them)
   * @param response the devices' believed SET response, for the fine-tuning's update rule
   * @param fineTune optimizer, update rule, lr, batch and seed of fine-tuning
   */
  public Recalibrator(Deployment deployment, Map<String, double[]> reference, Reprogrammer reprogrammer, GateResponse response,
                      TrainingOptions fineTune) {
    this.deployment = deployment;
    this.reference = reference;
    this.reprogrammer = reprogrammer;
    this.response = response;
    this.fineTune = fineTune;
    this.batch = 200;
  }

  public double accuracy(Samples s) {
    return new Predictor(deployment.executor(), batch).accuracy(s);
  }

  /** Checks, and escalates through the policy's steps while below the threshold. */
  public Outcome run(Samples calibration, Samples train, Policy policy) {
    List<Step> steps = new ArrayList<>();
    long t0 = System.nanoTime(), p0 = deployment.board().counters().pulses();
    double acc = accuracy(calibration);
    steps.add(new Step(Action.CHECK, acc, 0, (System.nanoTime() - t0) / 1e9));
    for (Action action : policy.steps()) {
      if (acc >= policy.threshold()) break;
      if (action == Action.FINETUNE && (train == null || train.size() == 0)) continue;
      long t = System.nanoTime(), p = deployment.board().counters().pulses();
      switch (action) {
        case COMPENSATE -> DriftCompensator.compensate(deployment, reference);
        case REPROGRAM -> {
          DriftCompensator.clear(deployment);
          reprogrammer.reprogram(deployment);
        }
        case FINETUNE -> {
          // The gains were fitted to the old conductances; training moves them and learns around drift itself.
          DriftCompensator.clear(deployment);
          fineTune(train, policy.fineTuneEpochs());
        }
        case CHECK -> throw new IllegalStateException("checking is not a step");
      }
      acc = accuracy(calibration);
      steps.add(new Step(action, acc, deployment.board().counters().pulses() - p, (System.nanoTime() - t) / 1e9));
    }
    return new Outcome(steps, acc >= policy.threshold());
  }

  /** In situ fine-tuning epochs with the recalibrator's rule. */
  public void fineTune(Samples train, int epochs) {
    Trainer trainer = new Trainer(deployment, fineTune, response);
    for (int e = 1; e <= epochs; e++) trainer.trainEpoch(train, null, e, TrainingListener.NONE);
  }
}
