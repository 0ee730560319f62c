package insitu.boards.serial;

import insitu.boards.protocol.Frame;
import insitu.boards.protocol.FrameType;
import insitu.boards.protocol.NakCode;
import insitu.boards.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Frames to wire bytes and back: header + payload + CRC-32C, COBS-encoded, with a 0x00
 * delimiter before and after. The leading delimiter flushes any garbage the receiver holds (after
 * a reset or line noise), so a good frame is never glued to a bad one.
 */
public final class FrameCodec {
  private static final byte DELIMITER = 0;

  private FrameCodec() {}

  /** Wire bytes of one frame. */
  public static byte[] encode(Frame f) {
    int n = Frame.HEADER_BYTES + f.payload().length;
    byte[] raw = new byte[n + Frame.CRC_BYTES];
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) Frame.VERSION).put((byte) f.type().code()).putShort((short) f.seq()).putInt((int) f.epoch())
        .put((byte) f.opcode()).put((byte) f.flags()).putInt((int) f.offset()).putInt((int) f.total())
        .putShort((short) f.payload().length).put(f.payload());
    b.putInt((int) FrameCheck.of(raw, 0, n));
    byte[] wire = new byte[Cobs.maxEncodedLength(raw.length) + 2];
    wire[0] = DELIMITER;
    int len = Cobs.encode(raw, 0, raw.length, wire, 1);
    wire[len + 1] = DELIMITER;
    return len + 2 == wire.length ? wire : java.util.Arrays.copyOf(wire, len + 2);
  }

  /** Parses a COBS-decoded block (header + payload + CRC). */
  static Frame parse(byte[] raw, int len) throws ProtocolException {
    if (len < Frame.HEADER_BYTES + Frame.CRC_BYTES)
      throw new ProtocolException(NakCode.BAD_LENGTH, "frame of " + len + " bytes is shorter than a header");
    ByteBuffer b = ByteBuffer.wrap(raw, 0, len).order(ByteOrder.LITTLE_ENDIAN);
    int crcAt = len - Frame.CRC_BYTES;
    long sent = b.getInt(crcAt) & 0xFFFF_FFFFL;
    if (FrameCheck.of(raw, 0, crcAt) != sent) throw new ProtocolException(NakCode.BAD_CRC, "CRC mismatch");
    int version = b.get() & 0xFF;
    if (version != Frame.VERSION) throw new ProtocolException(NakCode.BAD_VERSION, "protocol version " + version);
    FrameType type = FrameType.of(b.get() & 0xFF);
    if (type == null) throw new ProtocolException(NakCode.BAD_LENGTH, "unknown frame type");
    int seq = b.getShort() & 0xFFFF;
    long epoch = b.getInt() & 0xFFFF_FFFFL;
    int opcode = b.get() & 0xFF;
    int flags = b.get() & 0xFF;
    long offset = b.getInt() & 0xFFFF_FFFFL, total = b.getInt() & 0xFFFF_FFFFL;
    int length = b.getShort() & 0xFFFF;
    if (length != crcAt - Frame.HEADER_BYTES)
      throw new ProtocolException(NakCode.BAD_LENGTH, "header says " + length + " payload bytes, frame has " + (crcAt - Frame.HEADER_BYTES));
    if (!Frame.validFlags(flags)) throw new ProtocolException(NakCode.BAD_LENGTH, "unknown flags 0x" + Integer.toHexString(flags));
    if (offset + length > total)
      throw new ProtocolException(NakCode.BAD_LENGTH, "part " + offset + "+" + length + " outside a message of " + total + " bytes");
    byte[] payload = new byte[length];
    b.get(payload);
    return new Frame(type, seq, epoch, opcode, Frame.replyPartBytesOf(flags), offset, total, payload);
  }
}
