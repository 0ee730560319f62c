package insitu.runtime.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * How a convolution unfolds one input size into patches: the gather tables ({@link insitu.boards.PatchGeometry#gatherTables}),
 * and, when every kernel offset t reads the input plane shifted by a constant d_t (stride 1,
 * dilation 1, output plane as large as the input: "same" convolutions), those shifts with the
 * positions whose window hangs over the padding and the pixels no position of t reads.
 *
 * @param shifts d_t per kernel offset, or null when the plane does not unfold by shifting
 * @param deadPositions per t, output positions whose element is padding (zero)
 * @param deadPixels per t, input pixels that no output position reads through t
 */
record UnfoldPlan(int[][] tables, int[] shifts, int[][] deadPositions, int[][] deadPixels) {

  /** The plan of an input plane of {@code hw} pixels, with shifts where the tables allow them. */
  static UnfoldPlan of(int[][] tables, int hw) {
    int kk = tables.length, ohw = tables[0].length;
    if (ohw != hw) return new UnfoldPlan(tables, null, null, null);
    int[] shifts = new int[kk];
    int[][] deadPositions = new int[kk][], deadPixels = new int[kk][];
    for (int t = 0; t < kk; t++) {
      int[] idx = tables[t];
      Integer d = null;
      List<Integer> dead = new ArrayList<>();
      boolean[] read = new boolean[hw];
      for (int p = 0; p < ohw; p++) {
        if (idx[p] == hw) {
          dead.add(p);
          continue;
        }
        if (d == null) d = idx[p] - p;
        if (idx[p] - p != d) return new UnfoldPlan(tables, null, null, null);
        read[idx[p]] = true;
      }
      if (d == null) return new UnfoldPlan(tables, null, null, null);
      shifts[t] = d;
      deadPositions[t] = dead.stream().mapToInt(Integer::intValue).toArray();
      List<Integer> unread = new ArrayList<>();
      for (int q = 0; q < hw; q++) if (!read[q]) unread.add(q);
      deadPixels[t] = unread.stream().mapToInt(Integer::intValue).toArray();
    }
    return new UnfoldPlan(tables, shifts, deadPositions, deadPixels);
  }
}
