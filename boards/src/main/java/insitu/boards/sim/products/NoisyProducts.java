package insitu.boards.sim.products;

import insitu.numeric.parallel.Workers;
import insitu.numeric.random.GaussianSource;

/**
 * MVMs of a board whose read noise is drawn per device and per vector (the paper devices with
 * {@code readNoise}): the draws come from the board's one generator in a fixed order, a block at a
 * time, and the vectors of a block, which draw nothing more, are multiplied over the cores.
 */
public final class NoisyProducts {
  private NoisyProducts() {}

  /** Draws per block: 1 MB of normals. */
  private static final int NOISE_BLOCK_DRAWS = 1 << 17;
  private static final long PARALLEL_NOISY_MACS = 50_000;

  /**
   * out[b][j] = Σ_i (G + G·σ_rel·z + σ_abs·z')·v[b][i] for vectors b (row layout, gt[j·nr + i]):
   * read noise per device and per vector, drawn as {@code PaperReadout} draws a read
   * (relative, then absolute) in the order vector, output, row. The generator fills a block of
   * vectors' draws at a time ({@link GaussianSource#fill} gives the one-by-one values), then the
   * block's vectors, which draw nothing more, are multiplied over the cores.
   */
  public static void multiply(Workers workers, double[] gt, double[] v, int batch, int nr, int nc, double[] out, GaussianSource rng, double rel, double abs) {
    int perVector = nr * nc * ((rel > 0 ? 1 : 0) + (abs > 0 ? 1 : 0)), block = Math.max(1, NOISE_BLOCK_DRAWS / perVector);
    double[] z = new double[Math.min(batch, block) * perVector];
    for (int b0 = 0; b0 < batch; b0 += block) {
      int first = b0, count = Math.min(batch, b0 + block) - b0;
      rng.fill(workers, z, 0, count * perVector);
      workers.run(count, (long) count * nr * nc, PARALLEL_NOISY_MACS, (chunk, from, to) -> {
        for (int b = first + from; b < first + to; b++) noisyProduct(gt, v, b, nr, nc, out, z, (b - first) * perVector, rel, abs);
      });
    }
  }

  private static void noisyProduct(double[] gt, double[] v, int b, int nr, int nc, double[] out, double[] z, int zi, double rel, double abs) {
    int vb = b * nr, ob = b * nc;
    for (int j = 0; j < nc; j++) {
      double s = 0;
      for (int i = 0; i < nr; i++) {
        double g = gt[j * nr + i], x = g;
        if (rel > 0) x += g * rel * z[zi++];
        if (abs > 0) x += abs * z[zi++];
        s += x * v[vb + i];
      }
      out[ob + j] = s;
    }
  }
}
