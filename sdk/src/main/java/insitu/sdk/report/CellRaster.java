package insitu.sdk.report;

/**
 * Resamples an array's cells (row-major, rows × cols) to a heatmap of w × h pixels: each pixel
 * shows the cells under it, averaged for values and the nearest for categories, so a 1024-row
 * array fits a small panel and a small array gets square blocks of pixels.
 */
final class CellRaster {
  private CellRaster() {}

  static double[] mean(double[] cells, int rows, int cols, int w, int h) {
    double[] out = new double[w * h];
    for (int py = 0; py < h; py++) {
      int r0 = from(py, rows, h), r1 = to(py, rows, h);
      for (int px = 0; px < w; px++) {
        int c0 = from(px, cols, w), c1 = to(px, cols, w);
        double sum = 0;
        for (int r = r0; r < r1; r++) for (int c = c0; c < c1; c++) sum += cells[r * cols + c];
        out[py * w + px] = sum / ((double) (r1 - r0) * (c1 - c0));
      }
    }
    return out;
  }

  static int[] nearest(int[] cells, int rows, int cols, int w, int h) {
    int[] out = new int[w * h];
    for (int py = 0; py < h; py++) {
      int r = (int) (((long) py * rows + rows / 2) / h);
      for (int px = 0; px < w; px++) out[py * w + px] = cells[Math.min(rows - 1, r) * cols + Math.min(cols - 1, (int) (((long) px * cols + cols / 2) / w))];
    }
    return out;
  }

  private static int from(int p, int cells, int pixels) {
    return (int) ((long) p * cells / pixels);
  }

  private static int to(int p, int cells, int pixels) {
    return Math.max(from(p, cells, pixels) + 1, (int) ((long) (p + 1) * cells / pixels));
  }
}
