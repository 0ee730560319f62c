package insitu.boards.protocol;

import insitu.io.EnumCodes;

/** Operation codes, byte 8 of the header. Explicit values: they are the wire contract. */
public enum Opcode {
  HELLO(0x01, false),
  CONFIG(0x02, false),
  STATUS(0x03, false),
  SAFE_STATE(0x04, false),
  SELF_TEST(0x05, false),
  ABORT(0x06, false),
  /** Which bytes of a request did the board get? Sent after a request on a lossy link, and after a timeout. */
  GAPS(0x07, false),
  /** Resend these blocks of a cached response (selective repeat). */
  FETCH(0x08, false),
  READ(0x10, false),
  PULSE(0x11, true),
  MVM(0x12, false),
  /** Reserved: on-board write-verify, documented in board-protocol.md but not implemented. */
  PROGRAM(0x13, true),
  /** MVM with differential drive: one voltage per row pair instead of ±v on both rows. */
  MVM_DIFFERENTIAL(0x14, false),
  /** Differential MVMs of every patch of feature maps the board unfolds itself (im2col on the board). */
  MVM_PATCHES(0x15, false),
  /** Event: the board (re)booted with a new epoch. */
  BOOT(0x80, false),
  /** Event: progress of a long command (PROGRAM). */
  PROGRESS(0x81, false);

  private final int code;
  private final boolean changesDevices;

  Opcode(int code, boolean changesDevices) {
    this.code = code;
    this.changesDevices = changesDevices;
  }

  public int code() { return code; }

  /** True for commands that change conductances and are therefore never executed twice. */
  public boolean changesDevices() { return changesDevices; }

  /** The opcode with this wire code, or null for an unknown code. */
  public static Opcode of(int code) {
    return EnumCodes.find(values(), Opcode::code, code, null);
  }
}
