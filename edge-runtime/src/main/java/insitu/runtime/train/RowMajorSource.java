package insitu.runtime.train;

/**
 * What the flat stores share: {@code size()} samples of {@code sampleSize()} values, one after another
 * in one primitive array of type {@code A}, taken as it is (not copied): nobody may change it afterwards.
 */
abstract sealed class RowMajorSource<A> implements SampleSource permits Float64Source, Float32Source, Uint8Source {
  final A values;
  /** Values per sample. */
  final int per;
  private final int count;

  /** @param length how many values {@code values} holds */
  RowMajorSource(A values, int length, int sampleSize) {
    if (sampleSize < 1) throw new IllegalArgumentException("a sample must hold at least one value, got " + sampleSize);
    if (length % sampleSize != 0) {
      throw new IllegalArgumentException(length + " values are not a whole number of samples of " + sampleSize);
    }
    this.values = values;
    this.per = sampleSize;
    this.count = length / sampleSize;
  }

  @Override
  public final int size() {
    return count;
  }

  @Override
  public final int sampleSize() {
    return per;
  }
}
