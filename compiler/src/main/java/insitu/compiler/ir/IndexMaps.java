package insitu.compiler.ir;

/**
 * Ops that only move values, as index maps: for every output element, the input element it copies
 * (−1 for a fill value). Compile-time folding and the runtime's gather kernel (whose backward is
 * the matching scatter-add) both build them here, so they cannot disagree.
 */
public final class IndexMaps {
  private IndexMaps() {}

  /** Tile: output index i reads input index i mod dim on every axis. */
  public static int[] tile(int[] x, int[] repeats) {
    int[] os = PeripheryShapes.tile(x, repeats), st = Shapes.strides(x);
    return Shapes.indexMap(os, idx -> {
      int k = 0;
      for (int i = 0; i < idx.length; i++) k += (idx[i] % x[i]) * st[i];
      return k;
    });
  }

  /** Expand: NumPy broadcasting of x to the target (a size-1 axis of x repeats). */
  public static int[] expand(int[] x, int[] shape) {
    int[] os = PeripheryShapes.expand(x, shape);
    return broadcastSource(os, x);
  }

  /** For every element of {@code outShape}, the element of a {@code src}-shaped tensor that broadcasts to it. */
  public static int[] broadcastSource(int[] outShape, int[] src) {
    int rank = outShape.length, off = rank - src.length;
    int[] st = new int[rank];
    int s = 1;
    for (int i = src.length - 1; i >= 0; i--) {
      st[i + off] = src[i] == 1 ? 0 : s;
      s *= src[i];
    }
    return Shapes.indexMap(outShape, idx -> {
      int k = 0;
      for (int d = 0; d < rank; d++) k += idx[d] * st[d];
      return k;
    });
  }

  /** Pad in any mode; CONSTANT cells read −1 (the fill value). */
  public static int[] pad(int[] x, Op.Pad p) {
    int[] os = OpShapes.pad(x, p), st = Shapes.strides(x);
    int r = x.length;
    long[] pads = p.pads();
    return Shapes.indexMap(os, idx -> {
      int k = 0;
      for (int i = 0; i < r; i++) {
        int j = source(idx[i] - (int) pads[i], x[i], p.mode());
        if (j < 0) return -1;
        k += j * st[i];
      }
      return k;
    });
  }

  /** Where position j of a padded axis of length d reads from (j may lie outside [0, d)), or −1 for the fill value. */
  private static int source(int j, int d, Op.Pad.Mode mode) {
    if (j >= 0 && j < d) return j;
    return switch (mode) {
      case CONSTANT -> -1;
      case EDGE -> j < 0 ? 0 : d - 1;
      case REFLECT -> j < 0 ? -j : 2 * (d - 1) - j;
      case WRAP -> Math.floorMod(j, d);
    };
  }
}
