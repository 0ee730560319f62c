package insitu.boards.protocol;

import java.util.Arrays;

/**
 * A window of {@link Frame#BLOCK_BYTES}-byte blocks of one message, one bit each (LSB first):
 * which blocks a receiver still misses. Blocks are the unit of selective repeat; senders split
 * messages at block boundaries, so any mix of part sizes covers whole blocks.
 *
 * @param firstBlock index of the block of bit 0
 * @param count bits in the window (0 = "the whole message", used before the total is known)
 * @param bits ⌈count/8⌉ bytes
 */
public record BlockMap(long firstBlock, int count, byte[] bits) {
  /** Bytes of a block map besides its bits: firstBlock u32, count u16. */
  public static final int FIXED_BYTES = 6;
  public static final int MAX_COUNT = 0xFFFF;

  public BlockMap {
    if (firstBlock < 0 || count < 0 || count > MAX_COUNT || bits.length != (count + 7) / 8)
      throw new IllegalArgumentException("block map " + firstBlock + "+" + count + " with " + bits.length + " bytes");
  }

  /** Every block of the message. */
  public static BlockMap whole() {
    return new BlockMap(0, 0, new byte[0]);
  }

  public boolean isWhole() { return count == 0; }

  /** Whether block {@code firstBlock + i} is marked. */
  public boolean marked(int i) {
    return (bits[i >>> 3] & (1 << (i & 7))) != 0;
  }

  /** How many bits fit in a payload of this size after {@code otherBytes} of other fields. */
  public static int capacity(int payloadBytes, int otherBytes) {
    return Math.max(0, Math.min(MAX_COUNT, (payloadBytes - otherBytes - FIXED_BYTES) * Byte.SIZE));
  }

  @Override public boolean equals(Object o) {
    return o instanceof BlockMap m && m.firstBlock == firstBlock && m.count == count && Arrays.equals(m.bits, bits);
  }

  @Override public int hashCode() { return Long.hashCode(firstBlock) * 31 + Arrays.hashCode(bits); }
}
