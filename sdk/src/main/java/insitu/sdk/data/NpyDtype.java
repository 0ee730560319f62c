package insitu.sdk.data;

import java.nio.ByteBuffer;

/** The NumPy element types the SDK reads and writes, with their {@code descr} type codes. */
public enum NpyDtype {
  FLOAT32('f', 4),
  FLOAT64('f', 8),
  INT64('i', 8),
  INT32('i', 4),
  UINT8('u', 1);

  private final char kind;
  private final int bytes;

  NpyDtype(char kind, int bytes) {
    this.kind = kind;
    this.bytes = bytes;
  }

  /** Size of one element in bytes. */
  public int bytes() {
    return bytes;
  }

  /** True for the float types, whose values need not be integers. */
  public boolean isFloat() {
    return kind == 'f';
  }

  /** The type code without byte order, e.g. {@code f4}. */
  public String code() {
    return kind + Integer.toString(bytes);
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
    for (NpyDtype t : values()) if (t.code().equals(code)) return t;
    return null;
  }
}
