package insitu.boards.conformance;

/**
 * How patient and how strict the conformance suite is.
 *
 * @param ackTimeoutMillis a board must acknowledge (or answer a control request) within this; also
 *     how long the suite listens to be sure that a frame got no reply
 * @param responseMarginMillis a response may come this long after the board's own estimate in its ACK
 * @param attempts sends of a request that gets no answer at all before the board counts as hung
 * @param readRepeats reads per cell when the suite estimates read noise
 * @param maxReadNoiseFraction largest standard deviation of repeated reads, as a fraction of the
 *     conductance window of INFO
 * @param bootWaitMillis how long a board may take to announce its boot after a reset
 */
public record ConformanceOptions(long ackTimeoutMillis, long responseMarginMillis, int attempts, int readRepeats,
    double maxReadNoiseFraction, long bootWaitMillis) {

  public ConformanceOptions {
    if (ackTimeoutMillis < 1 || responseMarginMillis < 0 || attempts < 1 || readRepeats < 2 || !(maxReadNoiseFraction > 0)
        || bootWaitMillis < 1)
      throw new IllegalArgumentException("invalid conformance options " + ackTimeoutMillis + "/" + responseMarginMillis + "/" + attempts
          + "/" + readRepeats + "/" + maxReadNoiseFraction + "/" + bootWaitMillis);
  }

  /** The host's own defaults (SessionOptions.serialDefaults): what a board must meet to work with it. */
  public static ConformanceOptions defaults() {
    return new ConformanceOptions(250, 1000, 4, 8, 0.05, 3000);
  }

  public ConformanceOptions withAckTimeout(long millis) {
    return new ConformanceOptions(millis, responseMarginMillis, attempts, readRepeats, maxReadNoiseFraction, bootWaitMillis);
  }

  /** How long an acknowledged command may stay silent before the board counts as hung. */
  long silenceAfterAckMillis(long estimateMicros) {
    return 8 * (estimateMicros / 1000 + 1) + responseMarginMillis + attempts * ackTimeoutMillis;
  }
}
