package insitu.sdk.job;

import insitu.runtime.Choice;

/** How {@code insitu eval} programs a model's weights; {@link #label()} is the command line's word. */
public enum ProgramMode implements Choice {
  /** Closed loop: pulse, read, repeat until every device is within the tolerance. */
  WRITE_VERIFY,
  /** One open-loop shot per device (exact on a noiseless board). */
  EXACT;
}
