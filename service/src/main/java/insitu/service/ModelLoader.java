package insitu.service;

import insitu.boards.Board;
import insitu.errors.UsageException;
import insitu.sdk.DeployOptions;
import insitu.sdk.DeployedModel;
import insitu.sdk.Insitu;
import insitu.sdk.job.Calibrations;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gets the model onto the board for the service: resumes the state saved under {@code --state}
 * when there is one (what the model learned survives a restart), otherwise deploys the model
 * afresh, with the board's calibration, and saves that state at once, so a restart before the
 * first checkpoint comes back to this very board state rather than programming it again.
 */
public final class ModelLoader {
  private ModelLoader() {}

  /**
   * @param model FILE.xbar, FILE.onnx or a built-in name
   * @param board the board spec
   * @param calibration the board's calibration file, or null (sim:realistic then self-tests, as the other commands do)
   * @param stateDir where the state lives, or null
   */
  public record Source(String model, String board, Path calibration, Path stateDir) {}

  /** The deployed model, and whether it was resumed from a saved state. */
  public record Loaded(DeployedModel model, boolean resumed) {}

  /**
   * The state saved under {@code stateDir}, resumed on a board the caller opened and shares (a
   * fleet device's), whatever model it holds: on a device that follows a fleet the model changes
   * with every rollout, and the saved state, not the model the device first started with, is the
   * one it had. Null when the directory holds no state.
   */
  public static DeployedModel resume(Path stateDir, Board board, EventLog log) {
    if (stateDir == null || !Insitu.hasSavedState(stateDir)) return null;
    DeployedModel m = Insitu.resume(stateDir, board);
    log.event(EventLog.Level.INFO, "resumed the saved state", Map.of("state", stateDir.toString(), "model", m.model().name(),
        "learned_samples", m.learnedSamples()));
    return m;
  }

  public static Loaded load(Source s, EventLog log) {
    if (s.stateDir() != null && Insitu.hasSavedState(s.stateDir())) {
      DeployedModel m = Insitu.resume(s.stateDir());
      if (!m.model().name().equals(s.model()) || !m.boardSpec().equals(s.board())) {
        String saved = m.model().name() + " on " + m.boardSpec();
        m.close();
        throw new UsageException("the state in " + s.stateDir() + " is of " + saved + ", not " + s.model() + " on " + s.board()
            + "; start with those, or give another --state");
      }
      if (s.calibration() != null) log.info("the saved state carries its own calibration; --calibration " + s.calibration() + " is not used");
      log.event(EventLog.Level.INFO, "resumed the saved state", Map.of("state", s.stateDir().toString(), "learned_samples", m.learnedSamples()));
      return new Loaded(m, true);
    }
    DeployOptions options;
    try (Board b = Insitu.board(s.board())) {
      options = DeployOptions.defaults().withCalibration(Calibrations.resolve(s.calibration(), b, log::info)
          .map(Calibrations.Resolved::calibration).orElse(null));
    }
    DeployedModel m = Insitu.load(s.model()).deploy(s.board(), options);
    try {
      log.event(EventLog.Level.INFO, "deployed " + s.model() + " on " + s.board(), Map.of("initialization", m.initialization()));
      if (s.stateDir() != null) m.saveState(s.stateDir());
      return new Loaded(m, false);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }
}
