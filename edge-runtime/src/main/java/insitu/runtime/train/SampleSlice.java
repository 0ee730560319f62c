package insitu.runtime.train;

/** A contiguous run of another source's samples; indices are checked so a slice never reads past its end. */
record SampleSlice(SampleSource source, int first, int size) implements SampleSource {

  @Override
  public int sampleSize() {
    return source.sampleSize();
  }

  @Override
  public void copySample(int i, double[] out, int offset) {
    if (i < 0 || i >= size) throw new IndexOutOfBoundsException("sample " + i + " of " + size);
    source.copySample(first + i, out, offset);
  }

  @Override
  public SampleSource slice(int from, int to) {
    if (from < 0 || to > size || from > to) {
      throw new IndexOutOfBoundsException("slice " + from + ".." + to + " of " + size + " samples");
    }
    return source.slice(first + from, first + to);
  }
}
