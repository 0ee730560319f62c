package insitu.sdk.report;

import insitu.boards.BoardSpec;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.Placement;
import insitu.compiler.mapping.Tile;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * PNG map of where each layer lives: the target's arrays in a grid (all of a small target's, else
 * the ones in use, up to 64), every device of a layer in that layer's colour, known-bad cells dark grey, free
 * cells light grey, tiles named as on the conductance map, and a key. Needs no board: it draws the
 * compiler's placement.
 */
public final class PlacementMap {
  private static final Color FREE = new Color(0xEE, 0xEE, 0xEE), BAD = new Color(0x44, 0x44, 0x44);

  private PlacementMap() {}

  public static void write(Placement placement, BoardSpec target, Path file) throws IOException {
    PngFiles.write(render(placement, target), file);
  }

  static MapLayout layout(PlotStyle s, Placement p, BoardSpec target) {
    double[] util = p.utilization();
    List<Integer> arrays = MapLayout.shown(util, true);
    List<String> titles = new ArrayList<>();
    for (int a : arrays) titles.add(String.format(Locale.ROOT, "array %d · %.0f %%", a, 100 * util[a]));
    long cells = (long) p.arrays() * p.rows() * p.cols();
    String title = String.format(Locale.ROOT, "Placement on %s: %d array%s of %d×%d", target.name(), p.arrays(), p.arrays() == 1 ? "" : "s",
        p.rows(), p.cols());
    String subtitle = String.format(Locale.ROOT, "%,d of %,d devices in %d layer%s on %d array%s%s · rows: inputs (G⁺/G⁻ pairs), columns: outputs",
        p.devicesUsed(), cells, p.blocks().size(), p.blocks().size() == 1 ? "" : "s", p.arraysUsed(), p.arraysUsed() == 1 ? "" : "s",
        arrays.size() < p.arrays() ? " (free arrays not shown)" : "");
    return MapLayout.of(s, title, subtitle, arrays, titles, p.rows(), p.cols(), p.blocks(), 0, List.of("free cell", "known-bad cell"));
  }

  static BufferedImage render(Placement p, BoardSpec target) {
    PlotStyle s = PlotStyle.standard();
    MapLayout l = layout(s, p, target);
    BufferedImage img = new BufferedImage(l.width(), l.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = PlotStyle.canvas(img);
    int rows = p.rows(), cols = p.cols();
    int[] cells = new int[rows * cols];
    List<BlockPlacement> blocks = p.blocks();
    for (int k = 0; k < l.arrays().size(); k++) {
      int a = l.arrays().get(k);
      Arrays.fill(cells, FREE.getRGB());
      for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) if (target.defects().isBadCell(a, r, c)) cells[r * cols + c] = BAD.getRGB();
      for (int bi = 0; bi < blocks.size(); bi++) {
        int rgb = colour(bi).getRGB();
        for (Tile t : blocks.get(bi).tiles()) {
          if (t.array() != a) continue;
          for (int r : t.rows()) for (int c : t.cols()) cells[r * cols + c] = rgb;
        }
      }
      Box hm = l.grid().heatmaps().get(k);
      MapPainter.heatmap(img, hm, CellRaster.nearest(cells, rows, cols, (int) hm.w(), (int) hm.h()));
    }
    MapPainter.overlay(g, l, PlacementMap::colour, i -> i == 0 ? FREE : BAD);
    g.dispose();
    return img;
  }

  /** Distinct hues by the golden angle, so neighbouring layers never look alike. */
  static Color colour(int i) {
    float hue = (float) ((i * 0.618033988749895) % 1.0);
    return Color.getHSBColor(hue, 0.55f, 0.95f);
  }
}
