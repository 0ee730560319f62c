package insitu.sdk.job;

import insitu.runtime.Choice;

/** Which weights a run keeps as its model ({@code <out>/model.xbar}); {@link #label()} is the command line's word. */
public enum Keep implements Choice {
  /** What the board holds when the run ends. */
  LAST,
  /** What the board held after the epoch with the best test accuracy (the earliest of equals). */
  BEST;
}
