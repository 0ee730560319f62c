package insitu.boards.drive;

import insitu.boards.PatchGeometry;
import insitu.boards.Region;
import java.util.Objects;

/**
 * Every patch of a batch of feature maps ({@code samples × geometry.mapSize()}, row-major), each
 * a differential drive scaled to the read voltage as {@link PatchGeometry#pairVolts} defines; the
 * region's rows are copies of the patch's pairs. Patches come back in (sample, oy, ox) order. A
 * board behind a link unfolds them itself: only the maps travel (a 3×3 convolution's patches are
 * nine times its input). The array is the caller's, not copied.
 */
public record FeatureMaps(PatchGeometry geometry, double[] maps, int samples) implements RowDrive {
  public FeatureMaps {
    Objects.requireNonNull(geometry, "geometry");
    Objects.requireNonNull(maps, "maps");
    if (samples < 0) throw new IllegalArgumentException("samples must be >= 0, was " + samples);
  }

  /** Every patch of every sample is one vector. */
  @Override public int batch() {
    return samples * geometry.patchesPerSample();
  }

  /**
   * Checks the region against the geometry and the maps' length, as every board refuses alike;
   * returns the region's row pairs.
   *
   * @throws IllegalArgumentException when the rows are not whole copies of a patch's pairs, or the maps are short
   */
  public int checkedPairs(Region region) {
    if ((region.rowCount() & 1) != 0) throw new IllegalArgumentException("differential drive needs an even row count, got " + region.rowCount());
    int pairs = region.rowCount() / 2;
    if (pairs % geometry.patchSize() != 0)
      throw new IllegalArgumentException("a region of " + pairs + " row pairs is not whole copies of " + geometry.patchSize() + "-element patches");
    if ((long) maps.length < (long) samples * geometry.mapSize())
      throw new IllegalArgumentException("maps hold " + maps.length + " values, need " + (long) samples * geometry.mapSize());
    return pairs;
  }
}
