package insitu.boards.serial;

/** CRC-16/CCITT-FALSE: polynomial 0x1021, init 0xFFFF, no reflection, no final XOR; check("123456789") = 0x29B1. */
public final class Crc16 {
  private static final int POLY = 0x1021, INIT = 0xFFFF;
  private static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int c = i << 8;
      for (int b = 0; b < 8; b++) c = (c & 0x8000) != 0 ? (c << 1) ^ POLY : c << 1;
      TABLE[i] = c & 0xFFFF;
    }
  }

  private Crc16() {}

  public static int of(byte[] data, int offset, int length) {
    int crc = INIT;
    for (int i = offset; i < offset + length; i++) crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ data[i]) & 0xFF]) & 0xFFFF;
    return crc;
  }
}
