package insitu.boards.serial;

import java.util.zip.CRC32C;

/**
 * The frame check: CRC-32C (Castagnoli), as in iSCSI and SCTP. Version 1 used CRC-16/CCITT, whose
 * 1 in 65 536 miss rate for multi-bit damage let about one corrupted frame per training run through
 * on a link that damages 1 % of the bytes (millions of damaged frames), changing a value by a few
 * bits; 32 bits make that about one in a thousand runs.
 */
public final class FrameCheck {
  public static final int BYTES = 4;

  private FrameCheck() {}

  public static long of(byte[] data, int offset, int length) {
    CRC32C c = new CRC32C();
    c.update(data, offset, length);
    return c.getValue();
  }
}
