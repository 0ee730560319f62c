package insitu.sdk.report;

import insitu.sdk.report.Label.Anchor;
import java.util.ArrayList;
import java.util.List;

/**
 * The grid of array panels shared by the conductance and placement maps: how many panels per row,
 * the pixel size of a cell (as large as fits, whole pixels from one up), and each panel's title,
 * heatmap box and row/column ticks. Row 0 is at the top, as on the chip.
 */
record ArrayGrid(double cell, int columns, int rows, int cols, List<Box> heatmaps, List<Label> titles, List<Label> ticks,
                 List<double[]> tickMarks, Box bounds) {
  static final int GAP_X = 20, GAP_Y = 16, TICK = 3;
  static final double MAX_CELL = 6;

  /**
   * @param gutter width kept right of each heatmap (for the markers of tiles too small to name)
   * @param maxW width the grid may use, @param maxH height
   */
  static ArrayGrid of(PlotStyle s, List<String> titles, int rows, int cols, double gutter, double x0, double y0, double maxW, double maxH) {
    int n = titles.size();
    double th = s.height(s.label()), tickH = s.height(s.small());
    double left = s.width(Integer.toString(rows - 1), s.small()) + TICK + 3;
    // The first row's label reaches above the heatmap and the last column's past its right edge.
    double below = Math.max(4, tickH / 2 + 1), right = Math.max(gutter, s.width(Integer.toString(cols - 1), s.small()) / 2 + 2);
    double fixedW = left + right, fixedH = th + below + TICK + 2 + tickH;
    int bestColumns = 1;
    double best = -1;
    for (int gc = 1; gc <= n; gc++) {
      int gr = (n + gc - 1) / gc;
      double cw = (maxW - gc * fixedW - (gc - 1) * GAP_X) / ((double) gc * cols);
      double ch = (maxH - gr * fixedH - (gr - 1) * GAP_Y) / ((double) gr * rows);
      double c = Math.min(MAX_CELL, Math.min(cw, ch));
      if (c > best + 1e-9) {
        best = c;
        bestColumns = gc;
      }
    }
    // Whole pixels keep cell edges crisp; below one pixel a cell is a fraction and the raster averages.
    double cell = best >= 1 ? Math.floor(best) : Math.max(best, 1.0 / 64);
    double hmW = Math.max(1, Math.round(cols * cell)), hmH = Math.max(1, Math.round(rows * cell));
    double titleW = 0;
    for (String t : titles) titleW = Math.max(titleW, s.width(t, s.label()));
    double panelW = Math.ceil(Math.max(left + hmW + right, titleW));
    double panelH = Math.ceil(th + below + hmH + TICK + 2 + tickH);
    int rowStep = step(s.height(s.small()) * 2.5, cell), colStep = step(s.width(Integer.toString(cols - 1), s.small()) + 14, cell);

    List<Box> maps = new ArrayList<>();
    List<Label> heads = new ArrayList<>(), ticks = new ArrayList<>();
    List<double[]> marks = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      double px = x0 + (k % bestColumns) * (panelW + GAP_X), py = y0 + (double) (k / bestColumns) * (panelH + GAP_Y);
      Box hm = new Box(Math.round(px + left), Math.round(py + th + below), hmW, hmH);
      maps.add(hm);
      heads.add(Label.at(s, s.fit(titles.get(k), s.label(), panelW), s.label(), PlotStyle.INK, Anchor.TOP_LEFT, px, py));
      for (int r = 0; r < rows; r += rowStep) {
        double y = hm.y() + (r + 0.5) * hm.h() / rows;
        ticks.add(Label.at(s, Integer.toString(r), s.small(), PlotStyle.INK, Anchor.RIGHT, hm.x() - TICK - 2, y));
        marks.add(new double[] {hm.x() - TICK, y, hm.x(), y});
      }
      for (int c = 0; c < cols; c += colStep) {
        double x = hm.x() + (c + 0.5) * hm.w() / cols;
        ticks.add(Label.at(s, Integer.toString(c), s.small(), PlotStyle.INK, Anchor.TOP_CENTRE, x, hm.bottom() + TICK + 1));
        marks.add(new double[] {x, hm.bottom(), x, hm.bottom() + TICK});
      }
    }
    int gridRows = (n + bestColumns - 1) / bestColumns, shownColumns = Math.min(n, bestColumns);
    Box bounds = new Box(x0, y0, shownColumns * panelW + (shownColumns - 1) * GAP_X, gridRows * panelH + (gridRows - 1) * GAP_Y);
    return new ArrayGrid(cell, bestColumns, rows, cols, maps, heads, ticks, marks, bounds);
  }

  /** Tick step in cells: a power of two, so labels are at least {@code minPixels} apart. */
  private static int step(double minPixels, double cell) {
    int step = 1;
    while (step * cell < minPixels && step < (1 << 30)) step *= 2;
    return step;
  }

  /** The pixel box of cells [r0, r1] × [c0, c1] (inclusive) of a heatmap. */
  Box cells(Box heatmap, int r0, int r1, int c0, int c1) {
    double cw = heatmap.w() / cols, ch = heatmap.h() / rows;
    return new Box(heatmap.x() + c0 * cw, heatmap.y() + r0 * ch, (c1 - c0 + 1) * cw, (r1 - r0 + 1) * ch);
  }
}
