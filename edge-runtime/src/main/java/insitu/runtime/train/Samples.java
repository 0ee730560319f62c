package insitu.runtime.train;

import insitu.runtime.tensor.NDArray;
import java.util.Arrays;

/**
 * Labelled samples as the trainer reads them: the values of sample {@code i} come from {@code x},
 * each {@code prod(sampleShape)} long; {@code y[i]} is its class in {@code 0 .. classes-1}. The
 * store and the label array are the caller's and are not copied.
 */
public record Samples(SampleSource x, int[] y, int[] sampleShape, int classes) {
  public Samples {
    int per = NDArray.sizeOf(sampleShape);
    if (x.sampleSize() != per || x.size() != y.length)
      throw new IllegalArgumentException("x holds " + x.size() + " samples of " + x.sampleSize() + " values, expected "
          + y.length + " samples of " + per);
  }

  /** Samples held in a row-major double array, N × prod(sampleShape). */
  public Samples(double[] x, int[] y, int[] sampleShape, int classes) {
    this(new Float64Source(x, Math.max(1, NDArray.sizeOf(sampleShape))), y, sampleShape, classes);
  }

  public int size() {
    return y.length;
  }

  public int sampleSize() {
    return x.sampleSize();
  }

  /** Samples {@code from} (inclusive) to {@code to} (exclusive); the values are shared, the labels copied. */
  public Samples slice(int from, int to) {
    return new Samples(x.slice(from, to), Arrays.copyOfRange(y, from, to), sampleShape, classes);
  }
}
