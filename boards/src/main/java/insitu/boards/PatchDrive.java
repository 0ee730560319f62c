package insitu.boards;

/** The argument checks of {@link Board#mvmPatches}, shared by every board so they refuse alike. */
public final class PatchDrive {
  private PatchDrive() {}

  /**
   * Checks the region against the geometry and the maps' length; returns the region's row pairs.
   *
   * @throws IllegalArgumentException when the rows are not whole copies of a patch's pairs, or the maps are short
   */
  public static int checkedPairs(Region region, PatchGeometry g, double[] maps, int samples) {
    if (samples < 0) throw new IllegalArgumentException("samples must be >= 0, was " + samples);
    if ((region.rowCount() & 1) != 0) throw new IllegalArgumentException("differential drive needs an even row count, got " + region.rowCount());
    int pairs = region.rowCount() / 2;
    if (pairs % g.patchSize() != 0)
      throw new IllegalArgumentException("a region of " + pairs + " row pairs is not whole copies of " + g.patchSize() + "-element patches");
    if ((long) maps.length < (long) samples * g.mapSize())
      throw new IllegalArgumentException("maps hold " + maps.length + " values, need " + (long) samples * g.mapSize());
    return pairs;
  }
}
