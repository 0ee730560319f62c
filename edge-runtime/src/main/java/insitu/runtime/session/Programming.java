package insitu.runtime.session;

import insitu.runtime.program.WriteVerifyOptions;

/** How a session puts a deployed model's weights onto the board. */
public sealed interface Programming permits Programming.PaperInit, Programming.WriteVerify, Programming.OpenLoop, Programming.Attach {

  /**
   * The paper's initialization: RESET all devices, SET all at the centre gate. A noiseless board
   * leaves every pair exactly balanced, so nothing would break the symmetry of the weights; there
   * the model's own random initial weights are programmed open loop instead.
   */
  record PaperInit() implements Programming {}

  /**
   * The graph's own weights, closed loop. On a calibrated board every weight's free devices
   * compensate its stuck ones with the calibration's window; otherwise {@code options} (null: the
   * paper devices' defaults around the centre) apply.
   */
  record WriteVerify(WriteVerifyOptions options) implements Programming {}

  /** The graph's own weights in one open-loop shot around the centre gate (exact on a noiseless board). */
  record OpenLoop() implements Programming {}

  /** Nothing: the board already holds the deployed weights (deployed at their own placement); the blocks read them back. */
  record Attach() implements Programming {}
}
