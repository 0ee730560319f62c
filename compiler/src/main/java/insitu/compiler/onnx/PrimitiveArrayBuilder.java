package insitu.compiler.onnx;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.function.BiFunction;

/**
 * Growable arrays for repeated numeric fields. They grow with the values actually read, never
 * with a length claimed by the file, so a corrupt length prefix cannot allocate gigabytes.
 */
final class PrimitiveArrayBuilder {
  private PrimitiveArrayBuilder() {}

  /** A primitive array of type {@code A} that doubles when full, and how much of it is filled. */
  private abstract static class Growable<A> {
    private final BiFunction<A, Integer, A> copyOf;
    private A values;
    int size;

    /** @param copyOf {@code Arrays::copyOf} for {@code A} */
    Growable(A values, BiFunction<A, Integer, A> copyOf) {
      this.values = values;
      this.copyOf = copyOf;
    }

    /** The array, with room for one more value at index {@code size}. */
    final A room() {
      if (size == Array.getLength(values)) values = copyOf.apply(values, size * 2);
      return values;
    }

    /** The values added, in order. */
    final A toArray() {
      return copyOf.apply(values, size);
    }
  }

  static final class Longs extends Growable<long[]> {
    Longs() {
      super(new long[8], Arrays::copyOf);
    }

    void add(long v) {
      room()[size++] = v;
    }

    int[] toIntArray() {
      long[] values = toArray();
      int[] out = new int[values.length];
      for (int k = 0; k < out.length; k++) out[k] = (int) values[k];
      return out;
    }
  }

  static final class Floats extends Growable<float[]> {
    Floats() {
      super(new float[8], Arrays::copyOf);
    }

    void add(float v) {
      room()[size++] = v;
    }
  }

  static final class Doubles extends Growable<double[]> {
    Doubles() {
      super(new double[8], Arrays::copyOf);
    }

    void add(double v) {
      room()[size++] = v;
    }
  }
}
