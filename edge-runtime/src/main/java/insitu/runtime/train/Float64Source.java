package insitu.runtime.train;

/** Samples held as doubles: values computed in software (resampled images) or given by a caller. */
public final class Float64Source extends RowMajorSource<double[]> {
  public Float64Source(double[] values, int sampleSize) {
    super(values, values.length, sampleSize);
  }

  @Override
  public void copySample(int i, double[] out, int offset) {
    System.arraycopy(values, i * per, out, offset, per);
  }

  @Override
  public void copyRange(int first, int n, double[] out) {
    System.arraycopy(values, first * per, out, 0, n * per);
  }
}
