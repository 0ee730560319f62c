package insitu.boards.protocol;

/** Why the board refused a command. A NAKed command was not executed, not even in part. */
public enum NakCode {
  /** A frame failed its CRC; the board cannot trust its sequence number, so it answers with seq 0xFFFF. */
  BAD_CRC(1),
  /** The payload length does not match what the opcode needs. */
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
  /** The request's parts arrived out of order or exceed the board's request buffer. */
  BAD_SEQUENCE(8),
  /** The board is in SAFE_STATE after a watchdog trip and refuses device commands until CONFIG. */
  SAFE_STATE(9),
  HW_FAULT(10),
  /** Unsupported protocol version in the header. */
  BAD_VERSION(11);

  private final int code;

  NakCode(int code) { this.code = code; }

  public int code() { return code; }

  public static NakCode of(int code) {
    for (NakCode c : values()) if (c.code == code) return c;
    return null;
  }
}
