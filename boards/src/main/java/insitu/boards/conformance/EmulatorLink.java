package insitu.boards.conformance;

import insitu.boards.emulator.BoardEmulator;
import insitu.boards.serial.Transport;
import java.io.ByteArrayOutputStream;

/**
 * The host's end of a link to a {@link BoardEmulator} running on the caller's thread, on virtual
 * time: a write hands the bytes to the firmware at once, its answers wait in a queue, and a read
 * that finds the queue empty moves the clock on by its whole timeout. A firmware that sleeps
 * (a slow one) moves the same clock.
 */
public final class EmulatorLink implements Transport {
  private final VirtualTicker ticker;
  private final ByteArrayOutputStream toHost = new ByteArrayOutputStream();
  private BoardEmulator emulator;
  private byte[] pending = new byte[0];
  private int pendingAt;

  public EmulatorLink(VirtualTicker ticker) {
    this.ticker = ticker;
  }

  /** The firmware's end of the link: what it writes, the host reads. */
  public Transport boardEnd() {
    return new Transport() {
      @Override public void write(byte[] bytes, int offset, int length) {
        synchronized (EmulatorLink.this) {
          toHost.write(bytes, offset, length);
        }
      }

      @Override public int read(byte[] buffer, int offset, int length, long timeoutMillis) { return 0; }

      @Override public void close() { }
    };
  }

  /** Connects the firmware that {@link #write} feeds. */
  public void attach(BoardEmulator firmware) {
    this.emulator = firmware;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    emulator.onBytes(bytes, offset, length);
  }

  @Override
  public synchronized int read(byte[] buffer, int offset, int length, long timeoutMillis) {
    if (pendingAt == pending.length) {
      pending = toHost.toByteArray();
      pendingAt = 0;
      toHost.reset();
    }
    if (pendingAt == pending.length) {
      ticker.sleepMillis(timeoutMillis);
      return 0;
    }
    int n = Math.min(length, pending.length - pendingAt);
    System.arraycopy(pending, pendingAt, buffer, offset, n);
    pendingAt += n;
    return n;
  }

  @Override
  public void close() { }
}
