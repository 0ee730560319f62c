package insitu.boards.serial;

import insitu.boards.protocol.BlockMap;
import insitu.boards.protocol.Frame;

/**
 * Copies of each part for a resend of {@code missingBlocks}: one while many are missing, more
 * when few are. The last rounds of a repair are all latency (a handful of parts, a round trip
 * each); sending each of their parts up to four times within a {@link #ROUND_COPY_BUDGET_BYTES}
 * budget spends a few more bytes to save many rounds of a long repair.
 */
final class RepairCopies {
  /** Extra bytes a resend round may spend on copies of its parts (about a round trip's worth of link time). */
  private static final long ROUND_COPY_BUDGET_BYTES = 32 * 1024;
  private static final int MAX_COPIES = 4;

  private RepairCopies() {}

  static int copiesFor(long missingBlocks) {
    long bytes = Math.max(1, missingBlocks) * (Frame.BLOCK_BYTES + Frame.HEADER_BYTES + Frame.CRC_BYTES + 3);
    return (int) Math.max(1, Math.min(MAX_COPIES, 1 + ROUND_COPY_BUDGET_BYTES / bytes));
  }

  /** Blocks a window marks (as missing). */
  static int marked(BlockMap m) {
    int n = 0;
    for (byte b : m.bits()) n += Integer.bitCount(b & 0xFF);
    return n;
  }
}
