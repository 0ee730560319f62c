package insitu.boards.sim.products;

import insitu.numeric.kernel.OrderedSweeps;
import insitu.numeric.parallel.Workers;

/** What the column-layout products share: how they split over cores, their tiles, and their four-input sweep. */
final class Sweeps {
  /** Below this many multiply-adds one core is faster than splitting. */
  static final long PARALLEL_MACS = 200_000;
  /** Columns per tile: a tile's output rows and four of its input rows stay in L1. */
  static final int COLUMN_TILE = 256;

  private Sweeps() {}

  /** Chunks of a column-layout product: one below the threshold, else whole tiles' worth, at most {@link Workers#CHUNKS}. */
  static int columnChunks(int batch, int n, int nc) {
    return (long) batch * n * nc < PARALLEL_MACS ? 1 : Math.min(Workers.CHUNKS, Math.max(1, batch / COLUMN_TILE));
  }

  /**
   * Inputs i..i+3 (voltages in w0..w3) into every output, two outputs per sweep: written onto
   * +0.0 for the first group (i = 0), added after. Each output adds its terms in input order.
   */
  static void sweepGroup(double[] gt, int n, int nc, int i, double[] w0, double[] w1, double[] w2, double[] w3, double[][] out,
                                 int b0, int b1) {
    int j = 0;
    for (; j + 1 < nc; j += 2) {
      int a = j * n + i, c = a + n;
      if (i == 0)
        OrderedSweeps.firstFourTwice(out[j], out[j + 1], w0, w1, w2, w3, gt[a], gt[a + 1], gt[a + 2], gt[a + 3], gt[c], gt[c + 1], gt[c + 2],
            gt[c + 3], b0, b1);
      else
        OrderedSweeps.addFourTwice(out[j], out[j + 1], w0, w1, w2, w3, gt[a], gt[a + 1], gt[a + 2], gt[a + 3], gt[c], gt[c + 1], gt[c + 2],
            gt[c + 3], b0, b1);
    }
    if (j < nc) {
      int gj = j * n + i;
      if (i == 0) OrderedSweeps.firstFour(out[j], w0, w1, w2, w3, gt[gj], gt[gj + 1], gt[gj + 2], gt[gj + 3], b0, b1);
      else OrderedSweeps.addFour(out[j], w0, w1, w2, w3, gt[gj], gt[gj + 1], gt[gj + 2], gt[gj + 3], b0, b1);
    }
  }
}
