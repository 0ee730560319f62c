package insitu.runtime.train;

/** Samples held as floats (a float32 file), widened exactly to doubles when gathered. */
public final class Float32Source implements SampleSource {
  private final float[] values;
  private final int per;
  private final int count;

  /** Takes {@code values} as it is (not copied); nobody may change it afterwards. */
  public Float32Source(float[] values, int sampleSize) {
    this.count = SampleSource.sampleCount(values.length, sampleSize);
    this.values = values;
    this.per = sampleSize;
  }

  @Override
  public int size() {
    return count;
  }

  @Override
  public int sampleSize() {
    return per;
  }

  @Override
  public void copySample(int i, double[] out, int offset) {
    int base = i * per;
    for (int k = 0; k < per; k++) out[offset + k] = values[base + k];
  }
}
