package insitu.sdk.data;

import insitu.errors.BadInputException;
import java.util.function.IntFunction;

/** Checks shared by the readers; each failure names the source file. */
final class InputChecks {

  /** The largest array the JVM allocates. */
  static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private InputChecks() {}

  /** Rejects NaN and infinities, which would silently poison training, naming the sample. */
  static void requireFinite(double v, long index, int sampleSize, String source) {
    if (!Double.isFinite(v)) {
      throw new BadInputException(source + ": sample " + index / sampleSize + " holds " + v + " (value " + index % sampleSize
          + " of the sample); inputs must be finite numbers");
    }
  }

  /** Returns the number of classes, max label + 1, after rejecting negative labels. */
  static int classesOf(int[] y, String source) {
    int max = -1;
    for (int i = 0; i < y.length; i++) {
      if (y[i] < 0) {
        throw new BadInputException(source + ": label " + i + " is " + y[i] + "; labels must be >= 0");
      }
      max = Math.max(max, y[i]);
    }
    return Math.max(1, max + 1);
  }

  /**
   * Allocates an array of {@code count} elements of {@code bytesEach} bytes for data a header
   * declared, after the declared size was checked against the real input: too large for one array
   * or for this JVM's heap is a one-line refusal, never an {@link OutOfMemoryError}.
   */
  static <T> T allocate(long count, int bytesEach, IntFunction<T> array, String source) {
    if (count > MAX_ARRAY) {
      throw new BadInputException(source + ": " + count + " values are too many to load in one array");
    }
    long mb = (count * bytesEach) >> 20;
    long heapMb = Runtime.getRuntime().maxMemory() >> 20;
    try {
      return array.apply((int) count);
    } catch (OutOfMemoryError e) {
      // Only this one large allocation failed; the heap is as it was before it.
      throw new BadInputException(source + ": its " + mb + " MB of data do not fit the JVM's " + heapMb
          + " MB heap; give it more (java -Xmx2g, or INSITU_JAVA_OPTS=-Xmx2g for the insitu tool)");
    }
  }
}
