package insitu.sdk.job;

import com.google.gson.annotations.JsonAdapter;
import insitu.boards.Board;
import insitu.runtime.Deployment;
import insitu.runtime.calibrate.CalibratedDeployment;
import insitu.runtime.calibrate.Calibration;
import insitu.runtime.calibrate.DriftCompensator;
import insitu.runtime.calibrate.Recalibrator;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.program.WriteVerifyOptions;
import insitu.runtime.train.Predictor;
import insitu.runtime.train.Samples;
import insitu.runtime.train.TrainingOptions;
import insitu.runtime.session.Session;
import insitu.runtime.train.OptimizerKind;
import insitu.runtime.train.UpdateConfig;
import insitu.sdk.data.DatasetSplit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The device-lifecycle part of {@code insitu eval}, between programming and the final
 * evaluation: age the board, compensate drift, recalibrate. Each step records the test accuracy
 * it left behind, so the report reads fresh → aged → compensated → recalibrated.
 *
 * @param calibration {@code --calibration FILE}, or null
 * @param age {@code --age 30d}, or null
 * @param compensateDrift {@code --compensate-drift}
 * @param recalibrate {@code --recalibrate THRESHOLD} (accuracy 0–1), or null
 */
public record LifecycleSteps(Path calibration, String age, boolean compensateDrift, Double recalibrate) {
  public static final LifecycleSteps NONE = new LifecycleSteps(null, null, false, null);

  /**
   * What the steps did ({@code "lifecycle"} of the report): the test accuracy fresh from programming,
   * then after each step that ran.
   */
  public record Report(double accuracyFresh, @JsonAdapter(JsonReport.Inline.class) Optional<Aged> aged,
                       @JsonAdapter(JsonReport.Inline.class) Optional<Compensated> drift,
                       @JsonAdapter(JsonReport.Inline.class) Optional<Recalibrated> recalibration) {}

  /** The board aged by {@code ageSeconds} of virtual time. */
  public record Aged(double ageSeconds, double accuracyAged) {}

  /** Drift compensated: the RMS weight error against the read right after programming, before and after. */
  public record Compensated(double driftRmsWeightBefore, double driftRmsWeightAfter, double accuracyCompensated) {}

  /**
   * The recalibration's steps, and whether the accuracy on the held-back calibration set met the threshold.
   *
   * @param recalibration the steps in order
   */
  public record Recalibrated(double recalibrationThreshold, List<Step> recalibration, boolean recalibrationMet) {}

  /** One recalibration step and the calibration set's accuracy after it. */
  public record Step(Recalibrator.Action action, double calibrationAccuracy, long pulses, double seconds) {
    @Override public String toString() {
      return "{action=" + action.label() + ", calibration_accuracy=" + calibrationAccuracy + ", pulses=" + pulses + ", seconds=" + seconds + "}";
    }
  }

  /** Held back from the training split for the recalibration check; the rest may fine-tune. */
  static final int CALIBRATION_SAMPLES = 1000;

  public boolean any() {
    return age != null || compensateDrift || recalibrate != null;
  }

  /** Checks the options against the board before anything is programmed. */
  public double ageSeconds(Board board) {
    return device().ageSeconds(board);
  }

  /** The calibration and ageing part, shared with the other commands that program a board. */
  public DeviceSetup device() {
    return new DeviceSetup(calibration, age);
  }

  /** Runs the steps on a session's programmed deployment, tested on {@code data}'s test half; empty when there are none. */
  public Optional<Report> apply(Session s, WriteVerifyOptions wv, DatasetSplit data, long seed, int batch, Consumer<String> note) {
    if (!any()) return Optional.empty();
    Deployment d = s.deployment();
    Calibration cal = s.calibration();
    Samples testSet = data.test().samples();
    // Drift is measured against what was read right after programming (the runtime's last read),
    // so programming residuals and stuck cells do not masquerade as drift; re-programming aims at
    // the intended weights.
    Map<String, double[]> intended = DriftCompensator.intended(d), reference = DriftCompensator.snapshot(d);
    double fresh = accuracy(d, testSet, batch);
    double seconds = device().age(s, note);
    Optional<Aged> aged = seconds > 0 ? Optional.of(new Aged(seconds, accuracy(d, testSet, batch))) : Optional.empty();
    Optional<Compensated> drift = Optional.empty();
    if (compensateDrift) {
      var fits = DriftCompensator.compensate(d, reference);
      double before = 0, after = 0;
      for (var f : fits.values()) { before += f.rmsBefore(); after += f.rmsAfter(); }
      drift = Optional.of(new Compensated(before / Math.max(1, fits.size()), after / Math.max(1, fits.size()), accuracy(d, testSet, batch)));
    }
    Optional<Recalibrated> recalibrated = Optional.empty();
    if (recalibrate != null) {
      Samples train = data.train().samples();
      int n = train.size(), hold = Math.min(CALIBRATION_SAMPLES, n / 5);
      Samples fit = train.slice(0, n - hold), check = train.slice(n - hold, n);
      var update = new UpdateConfig.WriteVerify(UpdateConfig.WriteVerify.DEFAULT_THRESHOLD, wv, cal == null ? null : cal.stuckDevices());
      GateResponse response = s.response();
      Recalibrator rc = new Recalibrator(d, reference,
          dep -> cal != null ? CalibratedDeployment.programWriteVerify(dep, cal, intended) : dep.programWriteVerify(response, wv),
          response, fineTuneOptions(seed, update));
      Recalibrator.Outcome o = rc.run(check, fit, Recalibrator.Policy.defaults(recalibrate));
      List<Step> steps = o.steps().stream().map(st -> new Step(st.action(), st.accuracy(), st.pulses(), st.seconds())).toList();
      recalibrated = Optional.of(new Recalibrated(recalibrate, steps, o.met()));
      note.accept("recalibration: " + steps);
    }
    return Optional.of(new Report(fresh, aged, drift, recalibrated));
  }

  /** Fine-tuning a trained model: RMSprop at the fine-tuning rate, one pass, batch 100, with the given write-verify update. */
  static TrainingOptions fineTuneOptions(long seed, UpdateConfig.WriteVerify update) {
    return new TrainingOptions(1, 100, FINE_TUNE_LR, 1.0, OptimizerKind.RMSPROP, update, seed, true);
  }

  /** Small steps: the deployed model is already trained; larger RMSprop steps random-walk it. */
  public static final double FINE_TUNE_LR = TrainRequest.FINE_TUNE_WRITE_VERIFY_LEARNING_RATE;

  static double accuracy(Deployment d, Samples s, int batch) {
    return new Predictor(d.executor(), batch).accuracy(s);
  }
}
