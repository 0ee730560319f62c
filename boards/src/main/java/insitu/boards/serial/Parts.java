package insitu.boards.serial;

import insitu.boards.protocol.BlockMap;
import insitu.boards.protocol.Frame;
import insitu.boards.protocol.FrameType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a message payload into frames that each carry their byte offset, and cuts frames only
 * at {@link Frame#BLOCK_BYTES} boundaries so that parts of any size cover whole blocks. Used for
 * first sends (every block) and selective resends (the blocks a receiver reported missing).
 */
public final class Parts {
  private Parts() {}

  /** The header fields every part of one message shares. */
  public record Header(FrameType type, int seq, long epoch, int opcode, int replyPartBytes) {}

  /** Every byte of the payload in parts of at most {@code partBytes} (a multiple of the block size). */
  public static List<Frame> split(Header h, byte[] payload, int partBytes) {
    List<Frame> out = new ArrayList<>();
    int step = blockMultiple(partBytes);
    for (int from = 0; from < payload.length || from == 0; from += step) {
      out.add(part(h, payload, from, Math.min(payload.length, from + step)));
      if (payload.length == 0) break;
    }
    return out;
  }

  /**
   * The blocks marked in {@code wanted} (or all for a whole map), consecutive blocks merged into
   * parts of at most {@code partBytes}.
   */
  public static List<Frame> split(Header h, byte[] payload, BlockMap wanted, int partBytes) {
    if (wanted.isWhole()) return split(h, payload, partBytes);
    List<Frame> out = new ArrayList<>();
    int step = blockMultiple(partBytes);
    long runStart = -1;
    for (int i = 0; i <= wanted.count(); i++) {
      long at = (wanted.firstBlock() + i) * Frame.BLOCK_BYTES;
      boolean marked = i < wanted.count() && wanted.marked(i) && at < payload.length;
      if (marked && runStart < 0) runStart = at;
      boolean full = runStart >= 0 && at - runStart >= step;
      if (runStart >= 0 && (!marked || full)) {
        out.add(part(h, payload, (int) runStart, (int) Math.min(payload.length, at)));
        runStart = marked ? at : -1;
      }
    }
    return out;
  }

  private static int blockMultiple(int partBytes) {
    return Math.max(Frame.BLOCK_BYTES, partBytes / Frame.BLOCK_BYTES * Frame.BLOCK_BYTES);
  }

  private static Frame part(Header h, byte[] payload, int from, int to) {
    return new Frame(h.type(), h.seq(), h.epoch(), h.opcode(), h.replyPartBytes(), from, payload.length,
        Arrays.copyOfRange(payload, from, to));
  }

  /**
   * Collects the parts of one message (same type, seq, epoch, opcode and total) in any order.
   * Coverage is kept per block: a block counts once a frame covered all of it.
   */
  public static final class Assembly {
    private final FrameType type;
    private final int seq, opcode;
    private final long epoch;
    private final byte[] bytes;
    private final boolean[] have;
    private int haveCount;

    private Assembly(Frame first) {
      type = first.type();
      seq = first.seq();
      epoch = first.epoch();
      opcode = first.opcode();
      bytes = new byte[(int) first.total()];
      have = new boolean[(bytes.length + Frame.BLOCK_BYTES - 1) / Frame.BLOCK_BYTES];
    }

    /** A new assembly for the message of this frame, or null when it exceeds {@code maxBytes}. */
    public static Assembly start(Frame first, long maxBytes) {
      return first.total() > maxBytes ? null : new Assembly(first);
    }

    /** Whether this frame belongs to the message being assembled. */
    public boolean matches(Frame f) {
      return f.type() == type && f.seq() == seq && f.epoch() == epoch && f.opcode() == opcode && f.total() == bytes.length;
    }

    public int seq() { return seq; }
    public long epoch() { return epoch; }
    public int opcode() { return opcode; }
    public long total() { return bytes.length; }

    /** Adds a matching frame; returns how many blocks it completed that were missing. */
    public int add(Frame f) {
      int off = (int) f.offset(), end = off + f.payload().length;
      System.arraycopy(f.payload(), 0, bytes, off, f.payload().length);
      int first = (off + Frame.BLOCK_BYTES - 1) / Frame.BLOCK_BYTES;
      // The last block may be short: it is complete when the frame reaches the end of the message.
      int last = end == bytes.length ? have.length : end / Frame.BLOCK_BYTES;
      int added = 0;
      for (int b = first; b < last; b++) {
        if (!have[b]) {
          have[b] = true;
          added++;
        }
      }
      haveCount += added;
      return added;
    }

    public boolean complete() { return haveCount == have.length; }

    public int missingBlocks() { return have.length - haveCount; }

    public int receivedBlocks() { return haveCount; }

    /** The whole payload; only once complete. */
    public byte[] payload() {
      if (!complete()) throw new IllegalStateException("message incomplete");
      return bytes;
    }

    /** Missing blocks in a window of at most {@code maxBits} starting at the first missing one. */
    public BlockMap missing(int maxBits) {
      return missing(0, maxBits);
    }

    /**
     * Missing blocks in a window of at most {@code maxBits} starting at the first missing block at
     * or after {@code fromBlock}, or null if none is missing there.
     */
    public BlockMap missing(long fromBlock, int maxBits) {
      int first = (int) Math.min(fromBlock, have.length);
      while (first < have.length && have[first]) first++;
      int n = Math.min(Math.max(1, maxBits), have.length - first);
      if (n <= 0) return null;
      byte[] bits = new byte[(n + 7) / 8];
      for (int i = 0; i < n; i++) if (!have[first + i]) bits[i >>> 3] |= (byte) (1 << (i & 7));
      return new BlockMap(first, n, bits);
    }
  }
}
