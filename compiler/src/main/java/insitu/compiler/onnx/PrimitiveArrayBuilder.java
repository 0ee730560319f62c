package insitu.compiler.onnx;

import java.util.Arrays;

/**
 * Growable arrays for repeated numeric fields. They grow with the values actually read, never
 * with a length claimed by the file, so a corrupt length prefix cannot allocate gigabytes.
 */
final class PrimitiveArrayBuilder {
  private PrimitiveArrayBuilder() {}

  static final class Longs {
    private long[] values = new long[8];
    private int size;

    void add(long v) {
      if (size == values.length) values = Arrays.copyOf(values, size * 2);
      values[size++] = v;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }

    int[] toIntArray() {
      int[] out = new int[size];
      for (int k = 0; k < size; k++) out[k] = (int) values[k];
      return out;
    }
  }

  static final class Floats {
    private float[] values = new float[8];
    private int size;

    void add(float v) {
      if (size == values.length) values = Arrays.copyOf(values, size * 2);
      values[size++] = v;
    }

    float[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }

  static final class Doubles {
    private double[] values = new double[8];
    private int size;

    void add(double v) {
      if (size == values.length) values = Arrays.copyOf(values, size * 2);
      values[size++] = v;
    }

    double[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
