package insitu.boards.sim.products;

import insitu.boards.Region;
import insitu.boards.sim.state.CellArrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The conductances of a region transposed for the products (gt[j·n + i]), pair-subtracted for
 * differential drive, kept per region: inference sends many small MVMs to the same regions, and
 * between pulses the gather would redo the same work. Each entry remembers the version of its
 * array ({@link CellArrays#version}), which every change of a conductance moves on, so an entry
 * is never used once its cells have changed.
 *
 * <p>The cache holds at most one value per pair of the board's cells (what a differential gather
 * has: 4 bytes a cell, where the cells themselves take 20 or more), so every tile of a model that
 * fills the board stays cached; a limit on the number of regions made a model of more tiles than
 * that gather every tile on every call. A client creating new Region objects per call (the emulator)
 * just misses, and the cache starts over when it is full.
 */
public final class GatheredConductances {
  private final CellArrays cells;
  private final Map<Region, Gathered> cache = new IdentityHashMap<>();
  private final long valueLimit;
  private long values;

  private static final class Gathered {
    final long version;
    final boolean paired;
    final double[] gt;
    double[][] packed; // for the vector kernel, made on first use

    Gathered(long version, boolean paired, double[] gt) {
      this.version = version;
      this.paired = paired;
      this.gt = gt;
    }
  }

  public GatheredConductances(CellArrays cells) {
    this.cells = cells;
    this.valueLimit = (long) cells.arrays() * cells.cellsPerArray() / 2;
  }

  /**
   * The region's conductances transposed (gt[j·n + i], n = rows or row pairs), pair-subtracted
   * when {@code paired}. Cached until the array is pulsed; the caller must not modify it.
   */
  public double[] gathered(Region region, boolean paired) {
    Gathered c = cache.get(region);
    int a = region.array(), cols = cells.cols();
    long version = cells.version(a);
    if (c != null && c.version == version && c.paired == paired) return c.gt;
    int step = paired ? 2 : 1, n = region.rowCount() / step, nc = region.colCount();
    double[] gt = c != null && c.gt.length == n * nc ? c.gt : new double[n * nc];
    for (int i = 0; i < n; i++) {
      int base = region.row(i * step) * cols, minus = paired ? region.row(i * step + 1) * cols : -1;
      for (int j = 0; j < nc; j++)
        gt[j * n + i] = paired ? cells.siemens(a, base + region.col(j)) - cells.siemens(a, minus + region.col(j)) : cells.siemens(a, base + region.col(j));
    }
    if (c == null && values + gt.length > valueLimit) {
      cache.clear();
      values = 0;
    }
    if (c == null) values += gt.length;
    else values += gt.length - c.gt.length;
    cache.put(region, new Gathered(version, paired, gt));
    return gt;
  }

  /**
   * The conductances {@link #gathered} last returned for the region, packed for the vector kernel
   * ({@link VectorScaledProducts#pack}), or null where that kernel does not run.
   */
  public double[][] packed(Region region) {
    if (!AutoScaledProducts.VECTOR) return null;
    Gathered c = cache.get(region);
    if (c == null || c.version != cells.version(region.array())) throw new IllegalStateException("packed() before gathered()");
    if (c.packed == null) c.packed = VectorScaledProducts.pack(c.gt, c.gt.length / region.colCount(), region.colCount());
    return c.packed;
  }
}
