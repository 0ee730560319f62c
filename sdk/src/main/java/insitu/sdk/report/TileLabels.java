package insitu.sdk.report;

import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.Tile;
import insitu.sdk.report.Label.Anchor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Names every tile on the array panels without overlaps: the layer's name goes inside the tile
 * when it fits there (across, or up the side of a tall narrow tile); otherwise the layer's number
 * in a circle does, inside the tile or, when even that does not fit, in a column right of the
 * heatmap with a leader line to the tile. The key lists the numbers.
 */
record TileLabels(List<Outline> outlines, List<Name> names, List<Marker> markers, int gutterColumns) {
  static final double INSET = 2, GUTTER_GAP = 3;

  /** One tile's rectangle; {@code block} indexes the placement's blocks. */
  record Outline(int block, Box box) {}

  /** A layer's name inside one of its tiles, on a background box. */
  record Name(int block, Label text, Box background, Box tile) {}

  /** A layer's number in a circle; {@code leader} (x0, y0, x1, y1) joins a marker outside its tile to it, or is null. */
  record Marker(int block, Box circle, Label number, double[] leader, Box tile) {}

  /** Diameter of a marker circle, wide enough for the largest number. */
  static double markerSize(PlotStyle s, int blocks) {
    return Math.ceil(Math.max(s.height(s.small()) + 3, s.width(Integer.toString(Math.max(1, blocks)), s.small()) + 7));
  }

  static double gutterWidth(PlotStyle s, int columns, int blocks) {
    return 6 + columns * (markerSize(s, blocks) + GUTTER_GAP);
  }

  /** Labels for the tiles on {@code arrays}, panel k of the grid showing array {@code arrays.get(k)}. */
  static TileLabels of(PlotStyle s, ArrayGrid grid, List<Integer> arrays, List<BlockPlacement> blocks) {
    List<Outline> outlines = new ArrayList<>();
    List<Name> names = new ArrayList<>();
    List<Marker> markers = new ArrayList<>();
    double d = markerSize(s, blocks.size());
    int columns = 0;
    for (int k = 0; k < arrays.size(); k++) {
      Box hm = grid.heatmaps().get(k);
      List<Box> taken = new ArrayList<>();
      List<Marker> outside = new ArrayList<>();
      for (int bi = 0; bi < blocks.size(); bi++) {
        List<Box> tiles = new ArrayList<>();
        for (Tile t : blocks.get(bi).tiles()) if (t.array() == arrays.get(k)) tiles.add(bounds(grid, hm, t));
        if (tiles.isEmpty()) continue;
        for (Box b : tiles) outlines.add(new Outline(bi, b));
        for (Box tile : tiles) {
          Name name = name(s, bi, blocks.get(bi).weight(), tile, taken);
          if (name != null) {
            names.add(name);
            taken.add(name.background);
            continue;
          }
          Marker inside = insideMarker(s, bi, d, tile, taken);
          if (inside != null) {
            markers.add(inside);
            taken.add(inside.circle);
          } else {
            outside.add(new Marker(bi, null, null, null, tile));
          }
        }
      }
      columns = Math.max(columns, gutter(s, d, hm, outside, markers));
    }
    return new TileLabels(outlines, names, markers, columns);
  }

  private static Box bounds(ArrayGrid grid, Box hm, Tile t) {
    int r0 = Integer.MAX_VALUE, r1 = -1, c0 = Integer.MAX_VALUE, c1 = -1;
    for (int r : t.rows()) {
      r0 = Math.min(r0, r);
      r1 = Math.max(r1, r);
    }
    for (int c : t.cols()) {
      c0 = Math.min(c0, c);
      c1 = Math.max(c1, c);
    }
    return grid.cells(hm, r0, r1, c0, c1);
  }

  /** The name across the top-left of a tile, across its middle, or up its side: the first that fits. */
  private static Name name(PlotStyle s, int bi, String text, Box tile, List<Box> taken) {
    double at = 2 * INSET + 1;
    Label[] tries = {
        Label.at(s, text, s.small(), PlotStyle.INK, Anchor.TOP_LEFT, tile.x() + at, tile.y() + at),
        Label.at(s, text, s.small(), PlotStyle.INK, Anchor.CENTRE, tile.centreX(), tile.centreY()),
        Label.vertical(s, text, s.small(), PlotStyle.INK, Anchor.TOP_LEFT, tile.x() + at, tile.y() + at),
        Label.vertical(s, text, s.small(), PlotStyle.INK, Anchor.CENTRE, tile.centreX(), tile.centreY())};
    for (Label l : tries) {
      Box bg = l.box().grow(INSET);
      if (tile.grow(-1).contains(bg) && free(bg, taken)) return new Name(bi, l, bg, tile);
    }
    return null;
  }

  private static Marker insideMarker(PlotStyle s, int bi, double d, Box tile, List<Box> taken) {
    Box c = new Box(tile.centreX() - d / 2, tile.centreY() - d / 2, d, d);
    return tile.grow(-1).contains(c) && free(c, taken) ? marker(s, bi, c, null, tile) : null;
  }

  /**
   * Stacks the markers of tiles too small for one down the gutter, each as near its tile's height
   * as the others allow, in as many columns as needed; returns the number of columns.
   */
  private static int gutter(PlotStyle s, double d, Box hm, List<Marker> outside, List<Marker> out) {
    if (outside.isEmpty()) return 0;
    outside.sort(Comparator.comparingDouble((Marker m) -> m.tile.centreY()).thenComparingInt(Marker::block));
    double height = Math.max(hm.h(), d);
    int perColumn = Math.max(1, (int) ((height + GUTTER_GAP) / (d + GUTTER_GAP)));
    int columns = (outside.size() + perColumn - 1) / perColumn;
    for (int j = 0; j < columns; j++) {
      List<Marker> col = outside.subList(j * perColumn, Math.min(outside.size(), (j + 1) * perColumn));
      double[] top = new double[col.size()];
      for (int i = 0; i < top.length; i++) {
        double want = Math.max(0, col.get(i).tile.centreY() - hm.y() - d / 2);
        top[i] = i == 0 ? want : Math.max(want, top[i - 1] + d + GUTTER_GAP);
      }
      for (int i = top.length - 1; i >= 0; i--)
        top[i] = Math.min(top[i], i == top.length - 1 ? height - d : top[i + 1] - d - GUTTER_GAP);
      double x = hm.right() + 6 + j * (d + GUTTER_GAP);
      for (int i = 0; i < top.length; i++) {
        Marker m = col.get(i);
        Box c = new Box(x, hm.y() + top[i], d, d);
        double ty = Math.max(m.tile.y(), Math.min(m.tile.bottom(), c.centreY()));
        out.add(marker(s, m.block, c, new double[] {c.x(), c.centreY(), m.tile.right(), ty}, m.tile));
      }
    }
    return columns;
  }

  private static Marker marker(PlotStyle s, int bi, Box c, double[] leader, Box tile) {
    Label n = Label.at(s, Integer.toString(bi + 1), s.small(), PlotStyle.INK, Anchor.CENTRE, c.centreX(), c.centreY());
    return new Marker(bi, c, n, leader, tile);
  }

  private static boolean free(Box b, List<Box> taken) {
    for (Box t : taken) if (t.overlaps(b)) return false;
    return true;
  }
}
