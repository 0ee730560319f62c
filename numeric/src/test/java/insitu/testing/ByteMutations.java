package insitu.testing;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Byte-level damage to a valid file: what a truncated download, a flipped bit or a lying length does. */
public final class ByteMutations {
  /** A varint of 2^31 - 16 and a little-endian 32-bit 0x7FFFFFF0: lengths far beyond any file. */
  private static final byte[] HUGE_VARINT = {(byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
  private static final byte[] HUGE_INT32 = {(byte) 0xF0, (byte) 0xFF, (byte) 0xFF, 0x7F};

  private ByteMutations() {}

  /** One to four edits: overwrite a byte, flip a bit, truncate, insert a huge length, drop or repeat a slice, zero a run. */
  public static byte[] mutate(byte[] original, SplittableRandom r) {
    byte[] b = original.clone();
    for (int edits = 1 + r.nextInt(4); edits > 0 && b.length > 0; edits--) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(7)) {
        case 0 -> b[at] = (byte) r.nextInt(256);
        case 1 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 2 -> b = Arrays.copyOf(b, at);
        case 3 -> b = insert(b, at, r.nextBoolean() ? HUGE_VARINT : HUGE_INT32);
        case 4 -> {
          int n = Math.min(b.length - at, 1 + r.nextInt(64));
          b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + n, b.length));
        }
        case 5 -> {
          int n = Math.min(b.length - at, 1 + r.nextInt(64));
          b = insert(b, at, Arrays.copyOfRange(b, at, at + n));
        }
        default -> Arrays.fill(b, at, Math.min(b.length, at + 1 + r.nextInt(16)), (byte) 0);
      }
    }
    return b;
  }

  public static byte[] insert(byte[] b, int at, byte[] what) {
    byte[] out = new byte[b.length + what.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(what, 0, out, at, what.length);
    System.arraycopy(b, at, out, at + what.length, b.length - at);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
