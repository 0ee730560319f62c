package insitu.boards.emulator;

import insitu.boards.protocol.Frame;
import insitu.boards.serial.Cobs;
import insitu.boards.serial.FrameCheck;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The {@link FirmwareDefect#BAD_CRC} defect: rewrites the check of every received frame so that
 * it matches, before the emulator's own decoder sees it, as firmware that never compares the CRC
 * would behave. Blocks that are not valid COBS pass unchanged.
 */
final class CrcIgnoringInput {
  private final ByteArrayOutputStream block = new ByteArrayOutputStream();
  private final int maxBlockBytes;

  CrcIgnoringInput(int maxPayloadBytes) {
    this.maxBlockBytes = Cobs.maxEncodedLength(Frame.HEADER_BYTES + maxPayloadBytes + Frame.CRC_BYTES);
  }

  /** The bytes as the decoder should see them; a block is held back until its delimiter arrives. */
  byte[] filter(byte[] buf, int off, int len) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(len + 16);
    for (int i = off; i < off + len; i++) {
      if (buf[i] != 0) {
        block.write(buf[i]);
        if (block.size() > maxBlockBytes) { // too long to be a frame: let the decoder discard it
          out.writeBytes(block.toByteArray());
          block.reset();
        }
        continue;
      }
      out.writeBytes(repaired(block.toByteArray()));
      out.write(0);
      block.reset();
    }
    return out.toByteArray();
  }

  private static byte[] repaired(byte[] encoded) {
    byte[] raw = new byte[encoded.length];
    int n = Cobs.decode(encoded, encoded.length, raw);
    if (n < Frame.HEADER_BYTES + Frame.CRC_BYTES) return encoded;
    ByteBuffer.wrap(raw, 0, n).order(ByteOrder.LITTLE_ENDIAN).putInt(n - Frame.CRC_BYTES, (int) FrameCheck.of(raw, 0, n - Frame.CRC_BYTES));
    byte[] out = new byte[Cobs.maxEncodedLength(n)];
    int m = Cobs.encode(raw, 0, n, out, 0);
    return java.util.Arrays.copyOf(out, m);
  }
}
