package insitu.boards.serial;

/**
 * Timing and size policy of a {@link BoardSession}.
 *
 * @param ackTimeoutMillis how long to wait for the ACK (or a STATUS reply) before resending or polling
 * @param responseMarginMillis added to the board's own duration estimate from the ACK
 * @param maxAttempts silent timeouts in a row (not one byte received) before a board counts as hung;
 *     rounds with bytes but no usable frame are allowed eight times as many
 * @param maxPayloadBytes payload per frame the host asks for (capped by the board's INFO)
 * @param watchdogMillis board watchdog to configure; 0 = off
 * @param maxRecoveries board resets tolerated within one Board call
 */
public record SessionOptions(long ackTimeoutMillis, long responseMarginMillis, int maxAttempts, int maxPayloadBytes,
    long watchdogMillis, int maxRecoveries) {

  public SessionOptions {
    if (ackTimeoutMillis < 1 || responseMarginMillis < 0 || maxAttempts < 1 || maxPayloadBytes < 64 || maxRecoveries < 0)
      throw new IllegalArgumentException("invalid session options " + ackTimeoutMillis + "/" + responseMarginMillis + "/"
          + maxAttempts + "/" + maxPayloadBytes + "/" + maxRecoveries);
  }

  /** For a USB-CDC or UART board: a round trip is about a millisecond, boards may be slow to answer. */
  public static SessionOptions serialDefaults() {
    return new SessionOptions(250, 1000, 8, 4096, 0, 16);
  }

  public SessionOptions withAckTimeout(long millis) {
    return new SessionOptions(millis, responseMarginMillis, maxAttempts, maxPayloadBytes, watchdogMillis, maxRecoveries);
  }

  public SessionOptions withMaxAttempts(int n) {
    return new SessionOptions(ackTimeoutMillis, responseMarginMillis, n, maxPayloadBytes, watchdogMillis, maxRecoveries);
  }

  public SessionOptions withMaxPayload(int bytes) {
    return new SessionOptions(ackTimeoutMillis, responseMarginMillis, maxAttempts, bytes, watchdogMillis, maxRecoveries);
  }

  public SessionOptions withResponseMargin(long millis) {
    return new SessionOptions(ackTimeoutMillis, millis, maxAttempts, maxPayloadBytes, watchdogMillis, maxRecoveries);
  }
}
