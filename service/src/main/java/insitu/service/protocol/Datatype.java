package insitu.service.protocol;

/**
 * The protocol's tensor element types. The model computes in double precision; a value arrives
 * as a JSON number and becomes what its declared type holds: FP32 is rounded to single precision
 * (what the client's float32 array held), integer types must be integers in their range.
 */
public enum Datatype {
  BOOL(false, 0, 0), UINT8(true, 0, 255), UINT16(true, 0, 65535), UINT32(true, 0, 4294967295.0),
  UINT64(true, 0, 18446744073709551615.0), INT8(true, -128, 127), INT16(true, -32768, 32767),
  INT32(true, Integer.MIN_VALUE, Integer.MAX_VALUE), INT64(true, Long.MIN_VALUE, Long.MAX_VALUE), FP16(false, 0, 0),
  FP32(false, -Float.MAX_VALUE, Float.MAX_VALUE), FP64(false, -Double.MAX_VALUE, Double.MAX_VALUE), BYTES(false, 0, 0),
  BF16(false, 0, 0);

  private final boolean integer;
  private final double min, max;

  Datatype(boolean integer, double min, double max) {
    this.integer = integer;
    this.min = min;
    this.max = max;
  }

  /** A datatype name as the protocol spells it (case-sensitive). */
  public static Datatype parse(String name, String tensor) {
    for (Datatype d : values()) if (d.name().equals(name)) return d;
    throw ProtocolException.badRequest(tensor + ": unknown datatype '" + name + "'");
  }

  public boolean isInteger() {
    return integer;
  }

  /** Whether numbers of this type can feed the model (BOOL, BYTES and the 16-bit floats cannot). */
  public boolean isNumeric() {
    return integer || this == FP32 || this == FP64;
  }

  /** The value an element of this type holds for the JSON number {@code v}; a 400 if it cannot hold it. */
  public double convert(double v, String tensor) {
    // A float32's shortest decimal may lie just past Float.MAX_VALUE as a double; the float is what counts.
    if (this == FP32 && Float.isFinite((float) v)) return (float) v;
    if (v < min || v > max)
      throw ProtocolException.badRequest(tensor + ": value " + v + " is out of the range of " + name());
    if (integer && v != Math.rint(v)) throw ProtocolException.badRequest(tensor + ": value " + v + " is not an integer (" + name() + ")");
    return v;
  }
}
