package insitu.sdk.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import insitu.errors.BadInputException;
import insitu.errors.InsituException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.function.Executable;

/**
 * What every decoder fuzz test shares: seeded mutations of a valid file, and the contract that a
 * decoder either returns a sane result or throws an {@link InsituException} with one line, never
 * another exception, and never allocates more than the input can justify.
 */
final class DecoderFuzz {

  /** Header field values that lie: empty, negative, huge, just past the data. */
  static final int[] LIES = {0, 1, -1, 2, 255, 65_536, 2_000_000_000, Integer.MAX_VALUE, 0x7FFFFFF0, Integer.MIN_VALUE};

  private DecoderFuzz() {}

  /**
   * One to three edits: cut the tail, flip a bit, overwrite a byte, put a lie into one big-endian
   * int of the first {@code headerInts} header fields, or append bytes.
   */
  static byte[] mutate(byte[] valid, Random random, int headerInts) {
    byte[] b = valid.clone();
    for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
      int at = random.nextInt(Math.max(1, b.length));
      switch (random.nextInt(5)) {
        case 0 -> b = Arrays.copyOf(b, at);
        case 1 -> { if (b.length > 0) b[at] ^= (byte) (1 << random.nextInt(8)); }
        case 2 -> { if (b.length > 0) b[at] = (byte) random.nextInt(256); }
        case 3 -> {
          int field = 4 * random.nextInt(headerInts);
          int lie = random.nextInt(4) == 0 ? random.nextInt() : LIES[random.nextInt(LIES.length)];
          if (field + 4 <= b.length) {
            for (int k = 0; k < 4; k++) b[field + k] = (byte) (lie >>> (24 - 8 * k));
          }
        }
        default -> {
          byte[] tail = new byte[1 + random.nextInt(100)];
          random.nextBytes(tail);
          byte[] grown = Arrays.copyOf(b, b.length + tail.length);
          System.arraycopy(tail, 0, grown, b.length, tail.length);
          b = grown;
        }
      }
    }
    return b;
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /** Bytes this thread has allocated so far (HotSpot's per-thread counter; deterministic, not a timing). */
  static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  /** Runs {@code decode}, which must be refused with a {@link BadInputException} while allocating at most {@code maxAllocated}. */
  static BadInputException refusedWithin(long maxAllocated, Executable decode) {
    long before = allocatedBytes();
    BadInputException e = assertThrows(BadInputException.class, decode);
    long allocated = allocatedBytes() - before;
    assertTrue(allocated <= maxAllocated, "allocated " + allocated + " bytes, at most " + maxAllocated + " expected");
    return e;
  }

  /**
   * Runs {@code decode} on mutation {@code label}: a result must pass {@code sane}; a refusal must be
   * an {@link InsituException} with a one-line message; allocation stays under {@code maxAllocated}.
   * Returns whether the input was refused.
   */
  static <T> boolean check(String label, Supplier<T> decode, java.util.function.Consumer<T> sane, long maxAllocated) {
    long before = allocatedBytes();
    boolean refused = false;
    try {
      sane.accept(decode.get());
    } catch (InsituException e) {
      refused = true;
      String m = e.getMessage();
      assertTrue(m != null && !m.isBlank(), label + ": empty message");
      assertFalse(m.contains("\n") || m.contains("\r"), label + ": message spans lines: " + m);
    } catch (Throwable other) {
      fail(label + " threw " + other, other);
    }
    long allocated = allocatedBytes() - before;
    assertTrue(allocated <= maxAllocated, label + " allocated " + allocated + " bytes, at most " + maxAllocated + " expected");
    return refused;
  }
}
