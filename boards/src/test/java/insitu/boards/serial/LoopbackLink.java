package insitu.boards.serial;

import insitu.boards.emulator.BoardEmulator;
import insitu.boards.emulator.FaultPlan;
import insitu.boards.sim.SimulatedBoard;
import java.io.ByteArrayOutputStream;
import java.util.function.IntPredicate;

/**
 * The host's end of a link to a {@link BoardEmulator} that runs on the caller's thread, on
 * virtual time: a write is handed to the firmware at once, its answers wait in a queue, and a
 * read that finds the queue empty advances the clock by its whole timeout. Exchanges are
 * therefore deterministic and independent of the machine's load. A predicate chooses which of
 * the board's writes (counted from 0) arrive damaged: every non-delimiter byte flipped, so every
 * frame in them fails its check while the bytes themselves still arrive.
 */
final class LoopbackLink implements Transport {
  /** Time that moves only when the host waits. */
  static final class VirtualTicker implements Ticker {
    private long nanos;

    @Override public long nanos() { return nanos; }

    @Override public void sleepMillis(long millis) { nanos += millis * 1_000_000; }
  }

  final VirtualTicker ticker = new VirtualTicker();
  final BoardEmulator emulator;
  private final ByteArrayOutputStream toHost = new ByteArrayOutputStream();
  private byte[] pending = new byte[0];
  private int pendingAt;
  private int boardWrites;

  LoopbackLink(SimulatedBoard board, FaultPlan faults, IntPredicate damagedBoardWrite) {
    Transport boardEnd = new Transport() {
      @Override public void write(byte[] bytes, int offset, int length) {
        boolean damage = damagedBoardWrite.test(boardWrites++);
        for (int i = offset; i < offset + length; i++) {
          byte b = bytes[i];
          toHost.write(damage && b != 0 && (b ^ 1) != 0 ? b ^ 1 : b);
        }
      }

      @Override public int read(byte[] buffer, int offset, int length, long timeoutMillis) { return 0; }

      @Override public void close() { }
    };
    emulator = new BoardEmulator(board, boardEnd, 1, faults, ticker);
  }

  /** How many writes the board has made so far. */
  int boardWrites() { return boardWrites; }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    emulator.onBytes(bytes, offset, length);
  }

  @Override
  public int read(byte[] buffer, int offset, int length, long timeoutMillis) {
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
