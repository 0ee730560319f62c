package insitu.boards.protocol;

import java.util.Arrays;

/**
 * One frame before COBS and CRC: the 14-byte header fields plus the payload bytes.
 *
 * @param type request, ack, response, event or nak
 * @param seq sequence number of the request this frame belongs to (u16)
 * @param epoch boot epoch: the board's, or for a request the one the host believes in (u32)
 * @param opcode wire code of the operation (kept raw so an unknown opcode can still be NAKed)
 * @param lastPart true on the final part of a message split over several frames
 * @param part index of this part, 0-based (u16)
 * @param payload this part's slice of the message payload
 */
public record Frame(FrameType type, int seq, long epoch, int opcode, boolean lastPart, int part, byte[] payload) {
  public static final int VERSION = 1;
  public static final int HEADER_BYTES = 14;
  public static final int CRC_BYTES = 2;
  /** Header flag bit: more parts of the same message follow. */
  public static final int FLAG_MORE = 0x01;
  public static final int MAX_SEQ = 0xFFFF;
  /** Sequence number of NAKs for frames whose header could not be trusted. */
  public static final int SEQ_UNKNOWN = 0xFFFF;
  public static final int MAX_PAYLOAD_BYTES = 0xFFFF;

  public Frame {
    if (seq < 0 || seq > MAX_SEQ) throw new IllegalArgumentException("seq " + seq + " is not a u16");
    if (epoch < 0 || epoch > 0xFFFF_FFFFL) throw new IllegalArgumentException("epoch " + epoch + " is not a u32");
    if (payload.length > MAX_PAYLOAD_BYTES) throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds a frame");
    if (part < 0 || part > 0xFFFF) throw new IllegalArgumentException("part " + part + " is not a u16");
  }

  /** A single-part frame. */
  public static Frame single(FrameType type, int seq, long epoch, Opcode op, byte[] payload) {
    return new Frame(type, seq, epoch, op.code(), true, 0, payload);
  }

  public Opcode op() { return Opcode.of(opcode); }

  @Override
  public boolean equals(Object o) {
    return o instanceof Frame f && f.type == type && f.seq == seq && f.epoch == epoch && f.opcode == opcode
        && f.lastPart == lastPart && f.part == part && Arrays.equals(f.payload, payload);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(payload) * 31 + seq;
  }

  @Override
  public String toString() {
    Opcode op = op();
    return type + "(" + (op == null ? "0x" + Integer.toHexString(opcode) : op) + " seq=" + seq + " epoch=" + Long.toHexString(epoch)
        + " part=" + part + (lastPart ? "" : "+") + " " + payload.length + "B)";
  }
}
