package insitu.runtime.train;

/**
 * Samples held as 8-bit codes (the pixels of an IDX or MNIST file) with the value each of the 256
 * codes stands for. A table rather than {@code code * scale + offset}: it gives exactly the value
 * the source's own formula gives ({@code code / 255.0} is not {@code code * (1 / 255.0)} in
 * floating point), for any formula.
 */
public final class Uint8Source extends RowMajorSource<byte[]> {
  private final double[] levels;

  /** @param levels the value of each code 0..255, 256 entries */
  public Uint8Source(byte[] codes, int sampleSize, double[] levels) {
    super(codes, codes.length, sampleSize);
    if (levels.length != 256) throw new IllegalArgumentException("need 256 levels, got " + levels.length);
    this.levels = levels.clone();
  }

  /** Codes divided by {@code divisor}: {@code code / 255.0} for images scaled to [0, 1], {@code / 1.0} for raw codes. */
  public static Uint8Source dividedBy(byte[] codes, int sampleSize, double divisor) {
    double[] levels = new double[256];
    for (int v = 0; v < 256; v++) levels[v] = v / divisor;
    return new Uint8Source(codes, sampleSize, levels);
  }

  @Override
  public void copySample(int i, double[] out, int offset) {
    int base = i * per;
    for (int k = 0; k < per; k++) out[offset + k] = levels[values[base + k] & 0xff];
  }
}
