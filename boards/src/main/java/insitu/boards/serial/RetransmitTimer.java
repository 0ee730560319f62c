package insitu.boards.serial;

/**
 * How long to wait for a control reply before probing again: the smoothed round trip plus four
 * deviations (RFC 6298), between a floor and the configured ACK timeout, doubled after each
 * timeout in a row. A fixed 250 ms wait per lost small frame would dominate a noisy link.
 */
public final class RetransmitTimer {
  private static final double GAIN = 1.0 / 8, VAR_GAIN = 1.0 / 4;
  private static final int VAR_FACTOR = 4;

  private final long minNanos, maxNanos;
  private double srtt = -1, rttvar;
  private int backoff;

  public RetransmitTimer(long minNanos, long maxNanos) {
    this.maxNanos = maxNanos;
    this.minNanos = Math.min(minNanos, maxNanos);
  }

  /** A measured round trip of a small exchange. */
  public void sample(long rttNanos) {
    if (srtt < 0) {
      srtt = rttNanos;
      rttvar = rttNanos / 2.0;
    } else {
      rttvar = (1 - VAR_GAIN) * rttvar + VAR_GAIN * Math.abs(srtt - rttNanos);
      srtt = (1 - GAIN) * srtt + GAIN * rttNanos;
    }
    backoff = 0;
  }

  /**
   * The peer answered: drop the backoff. Losses here are random line noise, not congestion, so
   * one lost frame says nothing about the next; keeping the doubled wait would make every later
   * loss cost the maximum.
   */
  public void answered() {
    backoff = 0;
  }

  /** The smoothed round trip, 0 before the first sample. */
  public long smoothedNanos() {
    return srtt < 0 ? 0 : (long) srtt;
  }

  /** A wait expired: wait longer next time. */
  public void backoff() {
    backoff = Math.min(backoff + 1, Long.SIZE - 2);
  }

  /** Whether the wait has reached its ceiling (the configured ACK timeout). */
  public boolean atMaximum() {
    return currentNanos() >= maxNanos;
  }

  public long currentNanos() {
    double base = srtt < 0 ? maxNanos : Math.max(minNanos, srtt + VAR_FACTOR * rttvar);
    return (long) Math.min(maxNanos, base * (1L << backoff));
  }
}
