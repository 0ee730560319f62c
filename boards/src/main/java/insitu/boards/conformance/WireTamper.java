package insitu.boards.conformance;

import insitu.boards.protocol.Frame;
import insitu.boards.serial.Cobs;
import insitu.boards.serial.FrameCheck;
import insitu.boards.serial.FrameCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Frames broken on purpose: the raw bytes of a good frame (header, payload, CRC before COBS) to
 * change, and back to wire bytes. Header offsets as in board-protocol.md §1.
 */
final class WireTamper {
  static final int VERSION_AT = 0, TYPE_AT = 1, FLAGS_AT = 9, TOTAL_AT = 14, LENGTH_AT = 18;

  private WireTamper() {}

  /** Header, payload and CRC of a frame, as they are before COBS. */
  static byte[] raw(Frame f) {
    byte[] wire = FrameCodec.encode(f);
    byte[] raw = new byte[wire.length];
    int n = Cobs.decode(Arrays.copyOfRange(wire, 1, wire.length - 1), wire.length - 2, raw);
    return Arrays.copyOf(raw, n);
  }

  /** Recomputes the CRC of raw bytes after a change, so that only the change is wrong. */
  static byte[] rechecked(byte[] raw) {
    int n = raw.length - Frame.CRC_BYTES;
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).putInt(n, (int) FrameCheck.of(raw, 0, n));
    return raw;
  }

  static byte[] putU16(byte[] raw, int at, int v) {
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) v);
    return raw;
  }

  static byte[] putU32(byte[] raw, int at, long v) {
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) v);
    return raw;
  }

  /** COBS-encoded with a delimiter before and after, as every frame travels. */
  static byte[] wire(byte[] raw) {
    byte[] out = new byte[Cobs.maxEncodedLength(raw.length) + 2];
    int n = Cobs.encode(raw, 0, raw.length, out, 1);
    out[n + 1] = 0;
    return Arrays.copyOf(out, n + 2);
  }

  /** The frame with one bit of its CRC flipped: everything else intact. */
  static byte[] withBadCrc(Frame f) {
    byte[] raw = raw(f);
    raw[raw.length - 1] ^= 0x01;
    return wire(raw);
  }
}
