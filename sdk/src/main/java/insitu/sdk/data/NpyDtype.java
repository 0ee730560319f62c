package insitu.sdk.data;

import insitu.io.EnumCodes;
import java.nio.ByteBuffer;

/** The NumPy element types the SDK reads and writes, with their {@code descr} type codes. */
public enum NpyDtype {
  FLOAT32("f4"),
  FLOAT64("f8"),
  INT64("i8"),
  INT32("i4"),
  UINT8("u1");

  /** NumPy's kind letter followed by the element size in bytes. */
  private final String code;

  NpyDtype(String code) {
    this.code = code;
  }

  /** Size of one element in bytes (one digit for every type here). */
  public int bytes() {
    return code.charAt(1) - '0';
  }

  /** True for the float types, whose values need not be integers. */
  public boolean isFloat() {
    return code.charAt(0) == 'f';
  }

  /** The type code without byte order, e.g. {@code f4}. */
  public String code() {
    return code;
  }

  /** The element at byte {@code offset} of {@code b} (in {@code b}'s byte order) as a double; exact except int64 beyond 2^53. */
  double valueAt(ByteBuffer b, int offset) {
    return switch (this) {
      case FLOAT32 -> b.getFloat(offset);
      case FLOAT64 -> b.getDouble(offset);
      case INT64 -> b.getLong(offset);
      case INT32 -> b.getInt(offset);
      case UINT8 -> b.get(offset) & 0xff;
    };
  }

  /** The dtype of a type code without byte order ({@code f4}), or null if unsupported. */
  static NpyDtype ofCode(String code) {
    return EnumCodes.find(values(), NpyDtype::code, code, null);
  }
}
