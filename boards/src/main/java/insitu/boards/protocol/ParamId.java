package insitu.boards.protocol;

import insitu.io.EnumCodes;

/** Which parameter a PARAM_OUT_OF_LIMITS NAK is about. */
public enum ParamId {
  NONE(0), ARRAY(1), ROW(2), COL(3), AMPLITUDE_VOLTS(4), GATE_VOLTS(5), ROW_VOLTS(6),
  BATCH(7), COUNT(8), PAYLOAD_BYTES(9), KIND(10), COMMAND_ID(11), FIRST_CELL(12), WATCHDOG_MS(13);

  private final int code;

  ParamId(int code) { this.code = code; }

  public int code() { return code; }

  public static ParamId of(int code) {
    return EnumCodes.find(values(), ParamId::code, code, null);
  }
}
