package insitu.boards.protocol;

import insitu.io.EnumCodes;

/** Why the board refused a command. A NAKed command was not executed, not even in part. */
public enum NakCode {
  /** Version 1 only: a frame failed its CRC (answered with seq 0xFFFF). Version-3 boards drop such frames silently. */
  BAD_CRC(1),
  /** The payload does not decode (length, counts, trailing bytes), or a request announces more than maxRequestBytes. */
  BAD_LENGTH(2),
  UNKNOWN_OPCODE(3),
  /** A parameter lies outside the limits the board announced in INFO; the NAK names which. */
  PARAM_OUT_OF_LIMITS(4),
  /** Another command is still executing. */
  BUSY(5),
  /** The request names an old boot epoch: the board reset since the host last spoke to it. */
  STALE_EPOCH(6),
  /** The command was stopped by ABORT. */
  ABORTED(7),
  /** FETCH of a sequence number the board holds no answer to (in this epoch). */
  BAD_SEQUENCE(8),
  /** The board is in SAFE_STATE after a watchdog trip and refuses device commands until CONFIG. */
  SAFE_STATE(9),
  HW_FAULT(10),
  /** Unsupported protocol version; version-3 boards drop such frames silently instead. */
  BAD_VERSION(11);

  private final int code;

  NakCode(int code) { this.code = code; }

  public int code() { return code; }

  public static NakCode of(int code) {
    return EnumCodes.find(values(), NakCode::code, code, null);
  }
}
