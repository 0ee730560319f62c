package insitu.boards.conformance;

import insitu.errors.BoardException;
import insitu.boards.gpio.ControlLines;
import insitu.boards.serial.Ticker;
import java.time.Duration;

/** The RESET pin through the host's control lines: pulsed as {@code SerialBoard.hardReset} does, then READY awaited. */
record GpioResetLine(ControlLines lines, Ticker ticker, long readyTimeoutMillis) implements ResetLine {
  private static final Duration PULSE_WIDTH = Duration.ofMillis(10);
  private static final long READY_POLL_MILLIS = 10;

  @Override
  public void pulse() {
    lines.pulseReset(PULSE_WIDTH);
    awaitReady("RESET");
  }

  /** Waits for the board's READY line after {@code event}. */
  void awaitReady(String event) {
    long deadline = ticker.nanos() + readyTimeoutMillis * 1_000_000;
    while (!lines.isReady()) {
      if (ticker.nanos() > deadline) throw new BoardException("the board did not raise READY within " + readyTimeoutMillis + " ms after " + event);
      ticker.sleepMillis(READY_POLL_MILLIS);
    }
  }
}
