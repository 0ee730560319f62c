package insitu.boards.protocol;

import java.util.Arrays;

/**
 * One frame before COBS and CRC: the 20-byte header fields plus the payload bytes. Every frame
 * says where its bytes belong in the whole message ({@code offset}, {@code total}), so parts may
 * arrive in any order, be of any size and be resent selectively (board-protocol.md §1).
 *
 * @param type request, ack, response, event or nak
 * @param seq sequence number of the request this frame belongs to (u16)
 * @param epoch boot epoch: the board's, or for a request the one the host believes in (u32)
 * @param opcode wire code of the operation (kept raw so an unknown opcode can still be NAKed)
 * @param replyPartBytes in a request: the payload size per frame the board should use for its
 *     answer, a power of two from {@link #MIN_PART_BYTES} to {@link #MAX_REPLY_PART_BYTES}; 0 =
 *     the size set by CONFIG. Always 0 in board frames.
 * @param offset where this payload starts in the whole message (u32)
 * @param total length of the whole message payload (u32)
 * @param payload this part's slice of the message payload
 */
public record Frame(FrameType type, int seq, long epoch, int opcode, int replyPartBytes, long offset, long total, byte[] payload) {
  public static final int VERSION = 3;
  public static final int HEADER_BYTES = 20;
  /** CRC-32C, see {@code FrameCheck}. */
  public static final int CRC_BYTES = 4;
  public static final int MAX_SEQ = 0xFFFF;
  /** Sequence number of NAKs for frames whose header could not be trusted. */
  public static final int SEQ_UNKNOWN = 0xFFFF;
  public static final int MAX_PAYLOAD_BYTES = 0xFFFF;
  /** Smallest part size, and the unit of selective repeat: senders split messages at multiples of it. */
  public static final int MIN_PART_BYTES = 64;
  public static final int BLOCK_BYTES = MIN_PART_BYTES;
  /** Voltages one MVM_PATCHES request may unfold to on the board (its RAM); NAK BATCH above. */
  public static final long MAX_UNFOLDED_VOLTS = 4L << 20;
  /** Largest reply part size a request can ask for (flag code 10). */
  public static final int MAX_REPLY_PART_BYTES = 32768;
  /** Reply part size code lives in the high nibble of the flags byte: size = 32 << code. */
  private static final int REPLY_CODE_SHIFT = 4, REPLY_CODE_BASE_LOG2 = 5;

  public Frame {
    if (seq < 0 || seq > MAX_SEQ) throw new IllegalArgumentException("seq " + seq + " is not a u16");
    if (epoch < 0 || epoch > 0xFFFF_FFFFL) throw new IllegalArgumentException("epoch " + epoch + " is not a u32");
    if (payload.length > MAX_PAYLOAD_BYTES) throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds a frame");
    if (offset < 0 || total > 0xFFFF_FFFFL || offset + payload.length > total)
      throw new IllegalArgumentException("part " + offset + "+" + payload.length + " outside a message of " + total + " bytes");
    if (replyPartBytes != 0 && (Integer.bitCount(replyPartBytes) != 1 || replyPartBytes < MIN_PART_BYTES || replyPartBytes > MAX_REPLY_PART_BYTES))
      throw new IllegalArgumentException("reply part size " + replyPartBytes + " is not a power of two in 64…32768");
  }

  /** A frame carrying a whole message. */
  public static Frame single(FrameType type, int seq, long epoch, Opcode op, byte[] payload) {
    return new Frame(type, seq, epoch, op.code(), 0, 0, payload.length, payload);
  }

  /** A whole-message frame with a raw opcode (NAKs of unknown opcodes). */
  public static Frame single(FrameType type, int seq, long epoch, int opcode, byte[] payload) {
    return new Frame(type, seq, epoch, opcode, 0, 0, payload.length, payload);
  }

  public Opcode op() { return Opcode.of(opcode); }

  /** True when this one frame carries the whole message. */
  public boolean whole() { return offset == 0 && payload.length == total; }

  /** True for the part that ends the message. */
  public boolean tail() { return offset + payload.length == total; }

  /** The flags byte: reply part size code in the high nibble, other bits 0. */
  public int flags() {
    if (replyPartBytes == 0) return 0;
    return (Integer.numberOfTrailingZeros(replyPartBytes) - REPLY_CODE_BASE_LOG2) << REPLY_CODE_SHIFT;
  }

  /** The reply part size encoded in a flags byte (0 = CONFIG's size). */
  public static int replyPartBytesOf(int flags) {
    int code = flags >>> REPLY_CODE_SHIFT;
    return code == 0 ? 0 : 1 << (code + REPLY_CODE_BASE_LOG2);
  }

  /** Whether a flags byte is valid: low nibble 0, reply code 0 or 1…10. */
  public static boolean validFlags(int flags) {
    int code = flags >>> REPLY_CODE_SHIFT;
    return (flags & 0x0F) == 0 && code <= Integer.numberOfTrailingZeros(MAX_REPLY_PART_BYTES) - REPLY_CODE_BASE_LOG2;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Frame f && f.type == type && f.seq == seq && f.epoch == epoch && f.opcode == opcode
        && f.replyPartBytes == replyPartBytes && f.offset == offset && f.total == total && Arrays.equals(f.payload, payload);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(payload) * 31 + seq;
  }

  @Override
  public String toString() {
    Opcode op = op();
    return type + "(" + (op == null ? "0x" + Integer.toHexString(opcode) : op) + " seq=" + seq + " epoch=" + Long.toHexString(epoch)
        + " bytes " + offset + "+" + payload.length + "/" + total + ")";
  }
}
