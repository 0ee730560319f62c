package insitu.boards.serial;

import insitu.boards.conformance.EmulatorLink;
import insitu.boards.conformance.VirtualTicker;
import insitu.boards.emulator.BoardEmulator;
import insitu.boards.emulator.FaultPlan;
import insitu.boards.sim.SimulatedBoard;
import java.util.function.IntPredicate;

/**
 * The host's end of a link to a {@link BoardEmulator} that runs on the caller's thread, on
 * virtual time ({@link EmulatorLink}): exchanges are deterministic and independent of the
 * machine's load. A predicate chooses which of the board's writes (counted from 0) arrive
 * damaged: every non-delimiter byte flipped, so every frame in them fails its check while the
 * bytes themselves still arrive.
 */
final class LoopbackLink implements Transport {
  final VirtualTicker ticker = new VirtualTicker();
  final BoardEmulator emulator;
  private final EmulatorLink link = new EmulatorLink(ticker);
  private int boardWrites;

  LoopbackLink(SimulatedBoard board, FaultPlan faults, IntPredicate damagedBoardWrite) {
    Transport clean = link.boardEnd();
    Transport boardEnd = new Transport() {
      @Override public void write(byte[] bytes, int offset, int length) {
        if (!damagedBoardWrite.test(boardWrites++)) {
          clean.write(bytes, offset, length);
          return;
        }
        byte[] damaged = new byte[length];
        for (int i = 0; i < length; i++) {
          byte b = bytes[offset + i];
          damaged[i] = b != 0 && (b ^ 1) != 0 ? (byte) (b ^ 1) : b;
        }
        clean.write(damaged, 0, length);
      }

      @Override public int read(byte[] buffer, int offset, int length, long timeoutMillis) { return 0; }

      @Override public void close() { }
    };
    emulator = new BoardEmulator(board, boardEnd, 1, faults, ticker);
    link.attach(emulator);
  }

  /** How many writes the board has made so far. */
  int boardWrites() { return boardWrites; }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    link.write(bytes, offset, length);
  }

  @Override
  public int read(byte[] buffer, int offset, int length, long timeoutMillis) {
    return link.read(buffer, offset, length, timeoutMillis);
  }

  @Override
  public void close() { }
}
