package insitu.runtime.train;

/**
 * The input values of a data set, stored as compactly as their source (bytes for 8-bit images,
 * floats for float32 files) and widened to doubles only when a batch is gathered. Every sample has
 * the same number of values; sample {@code i} is the {@code i}-th row of a row-major matrix.
 *
 * <p>Implementations are immutable views: several data sets and slices may share one store.
 */
public interface SampleSource {

  /** Number of samples. */
  int size();

  /** Number of values in one sample. */
  int sampleSize();

  /** Writes the values of sample {@code i} to {@code out[offset .. offset + sampleSize() - 1]}. */
  void copySample(int i, double[] out, int offset);

  /** Writes samples {@code indices[from .. from + count - 1]} to {@code out}, one row after another. */
  default void gather(int[] indices, int from, int count, double[] out) {
    int per = sampleSize();
    for (int k = 0; k < count; k++) copySample(indices[from + k], out, k * per);
  }

  /** Writes the samples {@code indices} to {@code out}, one row after another. */
  default void gather(int[] indices, double[] out) {
    gather(indices, 0, indices.length, out);
  }

  /** Writes samples {@code first .. first + count - 1} to {@code out}, one row after another. */
  default void copyRange(int first, int count, double[] out) {
    int per = sampleSize();
    for (int k = 0; k < count; k++) copySample(first + k, out, k * per);
  }

  /** Samples {@code from} (inclusive) to {@code to} (exclusive), sharing this store. */
  default SampleSource slice(int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IndexOutOfBoundsException("slice " + from + ".." + to + " of " + size() + " samples");
    }
    return from == 0 && to == size() ? this : new SampleSlice(this, from, to - from);
  }

  /** All values as one new row-major array (allocates {@code size() × sampleSize()} doubles). */
  default double[] toDoubles() {
    long total = (long) size() * sampleSize();
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(size() + " samples of " + sampleSize() + " values do not fit one array");
    }
    double[] out = new double[(int) total];
    copyRange(0, size(), out);
    return out;
  }
}
