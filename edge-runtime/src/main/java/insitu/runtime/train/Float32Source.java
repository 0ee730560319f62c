package insitu.runtime.train;

/** Samples held as floats (a float32 file), widened exactly to doubles when gathered. */
public final class Float32Source extends RowMajorSource<float[]> {
  public Float32Source(float[] values, int sampleSize) {
    super(values, values.length, sampleSize);
  }

  @Override
  public void copySample(int i, double[] out, int offset) {
    int base = i * per;
    for (int k = 0; k < per; k++) out[offset + k] = values[base + k];
  }
}
