package insitu.boards.conformance;

import insitu.boards.BoardSpec;
import insitu.boards.PatchGeometry;
import insitu.boards.protocol.Message.MvmPatchesRequest;
import insitu.boards.protocol.NakCode;
import java.util.SplittableRandom;

/** Matrix-vector products: against the conductances READ returns, and the differential and patch forms against the plain one. */
final class ProductChecks {
  private static final int BATCH = 4, PAIR_BATCH = 3, SAMPLES = 2;
  private static final double NANO = 1e9;

  private ProductChecks() {}

  static String mvmMatchesReads(BoardUnderTest b) {
    BoardSpec s = b.spec();
    CellPlan p = b.plan();
    int[] rows = p.productRows(), cols = p.productCols();
    int nr = rows.length, nc = cols.length;
    ReadStatistics g = b.readStats(p.array(), rows, cols);
    double[] v = new double[BATCH * nr];
    SplittableRandom random = new SplittableRandom(nr * 31L + nc);
    for (int i = 0; i < nr; i++) {
      v[i] = s.readVolts();
      v[nr + i] = (i % 2 == 0 ? 1 : -1) * s.readVolts();
      for (int k = 2; k < BATCH; k++) v[k * nr + i] = (2 * random.nextDouble() - 1) * s.readVolts();
    }
    double[] amps = b.mvm(p.array(), rows, cols, v, BATCH);
    double worst = 0, worstTol = 0, worstRatio = -1;
    for (int k = 0; k < BATCH; k++)
      for (int j = 0; j < nc; j++) {
        double want = 0;
        for (int i = 0; i < nr; i++) want += g.mean()[i * nc + j] * v[k * nr + i];
        double tol = Tolerances.product(s, g, v, k, j, nr, nc, 1), err = Math.abs(amps[k * nc + j] - want);
        if (err > tol)
          throw new CheckFailure(String.format("vector %d, column %d: MVM gives %.6g µA, Gᵀ·V of the reads %.6g µA (off by %.3g nA, tolerance %.3g nA)",
              k, cols[j], amps[k * nc + j] * 1e6, want * 1e6, err * NANO, tol * NANO));
        if (err / tol > worstRatio) {
          worstRatio = err / tol;
          worst = err;
          worstTol = tol;
        }
      }
    return String.format("%d vectors on %dx%d cells of array %d: largest |I − GᵀV| %.3g nA (its tolerance %.3g nA)", BATCH, nr, nc, p.array(),
        worst * NANO, worstTol * NANO);
  }

  static String differential(BoardUnderTest b) {
    BoardSpec s = b.spec();
    CellPlan p = b.plan();
    int[] rows = p.productRows(), cols = p.productCols();
    int nr = rows.length, pairs = nr / 2;
    double[] pv = new double[PAIR_BATCH * pairs], v = new double[PAIR_BATCH * nr];
    SplittableRandom random = new SplittableRandom(pairs * 17L);
    for (int k = 0; k < PAIR_BATCH; k++)
      for (int i = 0; i < pairs; i++) {
        double x = k == 0 ? s.readVolts() : (2 * random.nextDouble() - 1) * s.readVolts();
        pv[k * pairs + i] = x;
        v[k * nr + 2 * i] = x;
        v[k * nr + 2 * i + 1] = -x;
      }
    double[] plain = b.mvm(p.array(), rows, cols, v, PAIR_BATCH);
    double[] diff = b.mvmDifferential(p.array(), rows, cols, pv, PAIR_BATCH);
    ReadStatistics g = b.readStats(p.array(), rows, cols);
    return compare(s, g, v, plain, diff, PAIR_BATCH, nr, cols, "MVM_DIFFERENTIAL", "MVM with ±v");
  }

  static String patches(BoardUnderTest b) {
    BoardSpec s = b.spec();
    CellPlan p = b.plan();
    int[] rows = p.productRows(), cols = p.productCols();
    // One 3×3 channel, a 2×2 kernel, padding 1: 16 patches per sample, eight of them reaching into the padding.
    PatchGeometry geo = new PatchGeometry(1, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1);
    int pairs = rows.length / 2, k = geo.patchSize();
    if (pairs % k != 0) throw new CheckFailure("the board has too few usable rows for a patch (" + rows.length + ")");
    SplittableRandom random = new SplittableRandom(geo.mapSize());
    double[] maps = new double[SAMPLES * geo.mapSize()];
    for (int i = 0; i < maps.length; i++) maps[i] = 2 * random.nextDouble() - 1;
    int vectors = SAMPLES * geo.patchesPerSample();
    double[] pv = new double[vectors * pairs];
    geo.pairVolts(maps, 0, SAMPLES, s.readVolts(), pairs / k, pv, 0, new double[geo.scratchSize()]);
    Reply r = b.call(new MvmPatchesRequest(p.array(), rows, cols, geo, SAMPLES, maps));
    if (r.nak() != null && r.nak().code() == NakCode.UNKNOWN_OPCODE)
      return "MVM_PATCHES not implemented (UNKNOWN_OPCODE): hosts send the patches as MVM_DIFFERENTIAL";
    double[] patched = BoardUnderTest.currents(r, vectors * cols.length, "MVM_PATCHES");
    double[] diff = b.mvmDifferential(p.array(), rows, cols, pv, vectors);
    double[] v = new double[vectors * rows.length];
    for (int q = 0; q < vectors * pairs; q++) {
      v[2 * q] = pv[q];
      v[2 * q + 1] = -pv[q];
    }
    ReadStatistics g = b.readStats(p.array(), rows, cols);
    return compare(s, g, v, diff, patched, vectors, rows.length, cols, "MVM_PATCHES", "MVM_DIFFERENTIAL of the unfolded patches")
        + " (" + SAMPLES + " samples of a padded 3x3 map, 2x2 kernel)";
  }

  /** Two measured products of the same voltages must agree within twice the noise and ADC step. */
  private static String compare(BoardSpec s, ReadStatistics g, double[] v, double[] want, double[] got, int batch, int nr, int[] cols, String what,
      String reference) {
    int nc = cols.length;
    double worst = 0;
    for (int k = 0; k < batch; k++)
      for (int j = 0; j < nc; j++) {
        double tol = Tolerances.product(s, g, v, k, j, nr, nc, 2), err = Math.abs(got[k * nc + j] - want[k * nc + j]);
        if (err > tol)
          throw new CheckFailure(String.format("vector %d, column %d: %s gives %.6g µA, %s %.6g µA (off by %.3g nA, tolerance %.3g nA)", k, cols[j], what,
              got[k * nc + j] * 1e6, reference, want[k * nc + j] * 1e6, err * NANO, tol * NANO));
        worst = Math.max(worst, err);
      }
    return String.format("%d vectors on %dx%d cells: %s matches %s, largest difference %.3g nA", batch, nr, nc, what, reference, worst * NANO);
  }
}
