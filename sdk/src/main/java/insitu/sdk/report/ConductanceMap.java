package insitu.sdk.report;

import insitu.boards.Board;
import insitu.boards.BoardSpec;
import insitu.boards.Region;
import insitu.compiler.mapping.Placement;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PNG map of the conductances of the arrays a model uses (like Fig. 2 of the paper): one heatmap
 * per array in a grid (up to 64 arrays), µS on a shared colour bar, each layer's tiles outlined and
 * named. Reads the board once per array, one array at a time.
 */
public final class ConductanceMap {
  private ConductanceMap() {}

  public static void write(Board board, Placement placement, Path file) throws IOException {
    PngFiles.write(render(board.spec(), placement, a -> {
      double[] v = new double[placement.rows() * placement.cols()];
      board.read(Region.rect(a, 0, placement.rows(), 0, placement.cols()), v);
      return v;
    }), file);
  }

  /** Reads one array's conductances (siemens, row-major) for the map. */
  @FunctionalInterface
  interface Cells {
    double[] read(int array);
  }

  /** The layout of the map before any conductance is read: the colour bar comes once the values are known. */
  static MapLayout layout(PlotStyle s, BoardSpec spec, Placement p) {
    double[] util = p.utilization();
    List<Integer> arrays = MapLayout.shown(util, false);
    List<String> titles = new ArrayList<>();
    for (int a : arrays) titles.add(String.format(Locale.ROOT, "array %d · %.0f %%", a, 100 * util[a]));
    long used = java.util.Arrays.stream(util).filter(u -> u > 0).count();
    String title = String.format(Locale.ROOT, "Conductances on %s: %d array%s of %d×%d, window %s–%s µS", spec.name(), spec.arrays(),
        spec.arrays() == 1 ? "" : "s", p.rows(), p.cols(), microsiemens(spec.minSiemens()), microsiemens(spec.maxSiemens()));
    String subtitle = (used > arrays.size() ? "the first " + arrays.size() + " of " + used + " arrays in use" : arrays.size() + " of " + spec.arrays()
        + " array" + (spec.arrays() == 1 ? "" : "s") + " in use") + " · rows: inputs (G⁺/G⁻ pairs), columns: outputs · outlines: layer tiles";
    double side = ColourBar.width(s, String.format(Locale.ROOT, "%,.1f", spec.maxSiemens() * 1e6 * 10));
    return MapLayout.of(s, title, subtitle, arrays, titles, p.rows(), p.cols(), p.blocks(), side, List.of());
  }

  private static String microsiemens(double siemens) {
    double us = siemens * 1e6;
    return String.format(Locale.ROOT, Math.abs(us) >= 10 || us == Math.rint(us) ? "%,.0f" : "%.2g", us);
  }

  static BufferedImage render(BoardSpec spec, Placement p, Cells cells) {
    PlotStyle s = PlotStyle.standard();
    MapLayout l = layout(s, spec, p);
    List<double[]> pixels = new ArrayList<>();
    double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < l.arrays().size(); k++) {
      double[] v = cells.read(l.arrays().get(k));
      for (double x : v) {
        if (!Double.isFinite(x)) continue;
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
      Box hm = l.grid().heatmaps().get(k);
      pixels.add(CellRaster.mean(v, p.rows(), p.cols(), (int) hm.w(), (int) hm.h()));
    }
    Ticks t = lo > hi ? Ticks.linear(0, 1, 5) : Ticks.of(new double[] {lo * 1e6, hi * 1e6}, 7, Double.POSITIVE_INFINITY, 0, Double.NaN);
    ColourBar bar = ColourBar.of(s, l.side(), t, "conductance (µS)");
    BufferedImage img = new BufferedImage(l.width(), l.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = PlotStyle.canvas(img);
    for (int k = 0; k < pixels.size(); k++) {
      double[] px = pixels.get(k);
      int[] rgb = new int[px.length];
      for (int i = 0; i < px.length; i++) rgb[i] = Viridis.rgb(t.fraction(px[i] * 1e6));
      MapPainter.heatmap(img, l.grid().heatmaps().get(k), rgb);
    }
    MapPainter.overlay(g, l, null, i -> PlotStyle.INK);
    bar.paint(g);
    g.dispose();
    return img;
  }
}
