package insitu.sdk.data;

import java.util.Arrays;

/**
 * A labelled data set held in flat arrays: {@code x} is row-major, {@code size() × sampleSize()}
 * values; {@code y[i]} is the class of sample {@code i}, in {@code 0 .. classes-1}.
 *
 * <p>{@code sampleShape} is the shape of one sample without the batch dimension, e.g. {@code
 * {1, 8, 8}} for one 8×8 image (CHW) or {@code {3, 1, 8, 8}} for a 3-frame sequence.
 *
 * <p>Ownership: the big arrays {@code x} and {@code y} are taken as they are and handed out as
 * they are, because copying tens of megabytes on every access would cost more than it protects.
 * Treat them as read-only; nobody may mutate them after construction. {@code equals} compares
 * contents.
 */
public record Dataset(double[] x, int[] y, int[] sampleShape, int classes, String name) {

  /** Checks that the arrays agree; labels out of range are a programming error here. */
  public Dataset {
    if (x == null || y == null || sampleShape == null || name == null) {
      throw new IllegalArgumentException("dataset: x, y, sampleShape and name must be given");
    }
    sampleShape = sampleShape.clone();
    long per = 1;
    for (int d : sampleShape) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            "dataset " + name + ": sample shape " + Arrays.toString(sampleShape) + " has a dimension < 1");
      }
      per *= d;
    }
    if (sampleShape.length == 0 || per * y.length != x.length) {
      throw new IllegalArgumentException("dataset " + name + ": " + x.length + " values do not hold "
          + y.length + " samples of shape " + Arrays.toString(sampleShape));
    }
    if (classes < 1) {
      throw new IllegalArgumentException("dataset " + name + ": classes must be >= 1, got " + classes);
    }
    for (int i = 0; i < y.length; i++) {
      if (y[i] < 0 || y[i] >= classes) {
        throw new IllegalArgumentException(
            "dataset " + name + ": label " + y[i] + " of sample " + i + " is outside 0.." + (classes - 1));
      }
    }
  }

  /** The shape of one sample (a copy; small). */
  @Override
  public int[] sampleShape() {
    return sampleShape.clone();
  }

  /** Number of samples. */
  public int size() {
    return y.length;
  }

  /** Number of values in one sample, the product of {@link #sampleShape()}. */
  public int sampleSize() {
    int per = 1;
    for (int d : sampleShape) per *= d;
    return per;
  }

  /** Copies sample {@code i} into {@code out[0 .. sampleSize()-1]}. */
  public void sample(int i, double[] out) {
    int per = sampleSize();
    System.arraycopy(x, i * per, out, 0, per);
  }

  /** Samples {@code from} (inclusive) to {@code to} (exclusive) as a new data set (copied). */
  public Dataset subset(int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IndexOutOfBoundsException("subset " + from + ".." + to + " of " + size() + " samples");
    }
    int per = sampleSize();
    return new Dataset(Arrays.copyOfRange(x, from * per, to * per), Arrays.copyOfRange(y, from, to),
        sampleShape, classes, name);
  }

  /**
   * Gathers the samples {@code indices} into {@code outX} (row after row) and their labels into
   * {@code outY}; both must hold at least {@code indices.length} samples. Allocates nothing.
   */
  public void batch(int[] indices, double[] outX, int[] outY) {
    int per = sampleSize();
    for (int b = 0; b < indices.length; b++) {
      System.arraycopy(x, indices[b] * per, outX, b * per, per);
      outY[b] = y[indices[b]];
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dataset d && classes == d.classes && name.equals(d.name)
        && Arrays.equals(sampleShape, d.sampleShape) && Arrays.equals(y, d.y) && Arrays.equals(x, d.x);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * name.hashCode() + Arrays.hashCode(y)) + Arrays.hashCode(x);
  }

  @Override
  public String toString() {
    return "Dataset[" + name + ", " + size() + " samples of shape " + Arrays.toString(sampleShape)
        + ", " + classes + " classes]";
  }
}
