package insitu.boards.serial;

/**
 * Consistent Overhead Byte Stuffing: removes every 0x00 from a block at a cost of at most one
 * byte per 254, so 0x00 can delimit frames and a receiver resynchronizes at the next delimiter.
 */
public final class Cobs {
  private static final int MAX_RUN = 0xFF;

  private Cobs() {}

  public static int maxEncodedLength(int length) {
    return length + length / (MAX_RUN - 1) + 1;
  }

  /** Encodes {@code src[off, off+len)} into {@code dst} at {@code dstOff}; returns bytes written. */
  public static int encode(byte[] src, int off, int len, byte[] dst, int dstOff) {
    int codeAt = dstOff, w = dstOff + 1, code = 1;
    for (int i = off; i < off + len; i++) {
      if (src[i] == 0) {
        dst[codeAt] = (byte) code;
        codeAt = w++;
        code = 1;
      } else {
        dst[w++] = src[i];
        if (++code == MAX_RUN) {
          dst[codeAt] = (byte) code;
          codeAt = w++;
          code = 1;
        }
      }
    }
    dst[codeAt] = (byte) code;
    return w - dstOff;
  }

  /**
   * Decodes {@code src[0, len)} (no delimiter) in place-safe fashion into {@code dst}.
   *
   * @return decoded length, or -1 if the block is not valid COBS
   */
  public static int decode(byte[] src, int len, byte[] dst) {
    int r = 0, w = 0;
    while (r < len) {
      int code = src[r++] & 0xFF;
      if (code == 0 || r + code - 1 > len) return -1;
      for (int k = 1; k < code; k++) {
        byte b = src[r++];
        if (b == 0) return -1;
        dst[w++] = b;
      }
      if (code < MAX_RUN && r < len) dst[w++] = 0;
    }
    return w;
  }
}
