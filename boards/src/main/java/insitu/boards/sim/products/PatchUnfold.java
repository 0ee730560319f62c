package insitu.boards.sim.products;

import insitu.boards.PatchGeometry;
import insitu.boards.Region;
import insitu.boards.drive.FeatureMaps;
import insitu.boards.drive.PairVolts;
import insitu.numeric.parallel.Workers;

/**
 * The pair volts of every patch of a batch of feature maps (PatchGeometry.pairVolts) into a buffer
 * kept between calls, samples unfolded in parallel chunks: each patch is independent, so the split
 * changes nothing. A fresh single-threaded unfold per call made the in-process conv layers
 * slower than driving the patches directly.
 */
public final class PatchUnfold {
  private static final long PARALLEL_UNFOLD_VALUES = 50_000;
  private static final int UNFOLD_CHUNKS = 8;

  private final Workers workers;
  private double[] patchVolts = new double[0];

  public PatchUnfold(Workers workers) {
    this.workers = workers;
  }

  /** The maps' patches as a differential drive of the region; valid until the next call. */
  public PairVolts pairVolts(Region region, FeatureMaps drive, double readVolts) {
    int pairs = drive.checkedPairs(region), samples = drive.samples();
    PatchGeometry geometry = drive.geometry();
    double[] maps = drive.maps();
    int vectors = drive.batch(), perSample = geometry.patchesPerSample() * pairs, k = geometry.patchSize();
    if (patchVolts.length < (long) vectors * pairs) patchVolts = new double[vectors * pairs];
    double[] v = patchVolts;
    int chunks = (long) vectors * pairs < PARALLEL_UNFOLD_VALUES ? 1 : Math.min(samples, UNFOLD_CHUNKS);
    workers.forEach(chunks, c -> {
      int from = (int) ((long) samples * c / chunks), to = (int) ((long) samples * (c + 1) / chunks);
      geometry.pairVolts(maps, from, to, readVolts, pairs / k, v, from * perSample, new double[geometry.scratchSize()]);
    });
    return new PairVolts(v, vectors);
  }
}
