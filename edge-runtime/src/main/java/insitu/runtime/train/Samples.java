package insitu.runtime.train;

/**
 * Labelled samples as the trainer reads them: x is N × prod(sampleShape), row-major.
 * Arrays are owned by the caller and not copied.
 */
public record Samples(double[] x, int[] y, int[] sampleShape, int classes) {
  public Samples {
    int per = 1;
    for (int d : sampleShape) per *= d;
    if (x.length != per * y.length)
      throw new IllegalArgumentException("x holds " + x.length + " values, expected " + y.length + " samples of " + per);
  }

  public int size() {
    return y.length;
  }

  public int sampleSize() {
    return y.length == 0 ? 0 : x.length / y.length;
  }
}
