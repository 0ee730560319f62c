package insitu.boards.protocol;

import insitu.io.EnumCodes;

/** The kind of a frame, byte 1 of the header. */
public enum FrameType {
  /** Host to board: a command. */
  REQUEST(1),
  /** Board to host: the command was received whole and valid and is being executed. */
  ACK(2),
  /** Board to host: the result of a command (possibly in several parts). */
  RESPONSE(3),
  /** Board to host, unsolicited: boot announcement, progress. */
  EVENT(4),
  /** Board to host: the command was refused and not executed. */
  NAK(5);

  private final int code;

  FrameType(int code) { this.code = code; }

  public int code() { return code; }

  /** The type with this wire code, or null for an unknown code. */
  public static FrameType of(int code) {
    return EnumCodes.find(values(), FrameType::code, code, null);
  }
}
