package insitu.sdk.report;

import insitu.compiler.mapping.BlockPlacement;
import insitu.sdk.report.Label.Anchor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The layout both array maps share: title, a grid of array panels with tiles outlined and named
 * ({@link ArrayGrid}, {@link TileLabels}), a box on the right for a colour bar, and a key of the
 * layers' numbers below.
 */
record MapLayout(int width, int height, List<Label> header, ArrayGrid grid, List<Integer> arrays, TileLabels tiles,
                 List<KeyEntry> key, Box side) {
  static final int PAD = 16, MAX_ARRAYS = 64, SHOW_FREE_UP_TO = 16;
  static final double MAX_W = 1400, MAX_H = 1500;

  /**
   * A line of the key: a layer's numbered marker ({@code block} ≥ 0) or a square swatch for one of
   * the extra entries ({@code block} = -1 - its index).
   */
  record KeyEntry(int block, Box mark, Label number, Label text) {}

  /**
   * The arrays a map shows: those holding weights, at most {@link #MAX_ARRAYS} (array 0 when none
   * does); with {@code free}, all of a small board's arrays, so its spare room and defects show.
   */
  static List<Integer> shown(double[] utilization, boolean free) {
    List<Integer> out = new ArrayList<>();
    for (int a = 0; a < utilization.length && out.size() < MAX_ARRAYS; a++)
      if (utilization[a] > 0 || free && utilization.length <= SHOW_FREE_UP_TO) out.add(a);
    if (out.isEmpty()) out.add(0);
    return out;
  }

  static MapLayout of(PlotStyle s, String title, String subtitle, List<Integer> arrays, List<String> arrayTitles, int rows, int cols,
                      List<BlockPlacement> blocks, double sideWidth, List<String> extraKey) {
    double top = PAD + s.height(s.title()) + 4 + s.height(s.label()) + 12;
    double gridMaxW = MAX_W - (sideWidth > 0 ? sideWidth + 28 : 0);
    int columns = 0;
    ArrayGrid grid;
    TileLabels tiles;
    while (true) {
      // Wider gutters shrink the cells, which can push more names out into the gutter: repeat until it holds them.
      double gutter = TileLabels.gutterWidth(s, columns, blocks.size());
      grid = ArrayGrid.of(s, arrayTitles, rows, cols, gutter, PAD, top, gridMaxW, MAX_H);
      tiles = TileLabels.of(s, grid, arrays, blocks);
      if (tiles.gutterColumns() <= columns) break;
      columns = tiles.gutterColumns();
    }
    Box g = grid.bounds();
    double mapTop = grid.heatmaps().get(0).y();
    Box side = sideWidth > 0 ? new Box(g.right() + 28, mapTop, sideWidth, Math.max(140, Math.min(360, g.bottom() - mapTop - 24))) : null;
    double contentRight = side == null ? g.right() : side.right();
    int width = (int) Math.ceil(Math.max(640, contentRight + PAD));
    List<Label> header = new ArrayList<>();
    Label t = Label.at(s, s.fit(title, s.title(), width - 2 * PAD), s.title(), PlotStyle.INK, Anchor.TOP_LEFT, PAD, PAD);
    header.add(t);
    header.add(Label.at(s, s.fit(subtitle, s.label(), width - 2 * PAD), s.label(), PlotStyle.MUTED, Anchor.TOP_LEFT, PAD, t.box().bottom() + 4));
    double keyTop = Math.max(g.bottom(), side == null ? 0 : side.bottom()) + 18;
    List<KeyEntry> key = key(s, blocks, extraKey, keyTop, width);
    double bottom = keyTop;
    for (KeyEntry e : key) bottom = Math.max(bottom, Math.max(e.mark.bottom(), e.text.box().bottom()));
    return new MapLayout(width, (int) Math.ceil(bottom + PAD), header, grid, arrays, tiles, key, side);
  }

  /** Key entries row by row, in as many columns as the width allows. */
  private static List<KeyEntry> key(PlotStyle s, List<BlockPlacement> blocks, List<String> extra, double top, double width) {
    double d = TileLabels.markerSize(s, blocks.size()), rowH = Math.max(d, s.height(s.label())) + 5;
    List<String> texts = new ArrayList<>();
    for (BlockPlacement b : blocks) texts.add(describe(b));
    texts.addAll(extra);
    double colW = 0;
    for (String text : texts) colW = Math.max(colW, d + 6 + s.width(text, s.label()) + 24);
    colW = Math.min(colW, width - 2 * PAD);
    int perRow = Math.max(1, (int) ((width - 2 * PAD + 24) / colW));
    List<KeyEntry> out = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      double x = PAD + (i % perRow) * colW, y = top + (i / perRow) * rowH;
      Box mark = new Box(x, y, d, d);
      boolean layer = i < blocks.size();
      Label number = layer ? Label.at(s, Integer.toString(i + 1), s.small(), PlotStyle.INK, Anchor.CENTRE, mark.centreX(), mark.centreY()) : null;
      String text = s.fit(texts.get(i), s.label(), colW - d - 6 - 12);
      Label l = Label.at(s, text, s.label(), PlotStyle.INK, Anchor.LEFT, x + d + 6, mark.centreY());
      out.add(new KeyEntry(layer ? i : -1 - (i - blocks.size()), mark, number, l));
    }
    return out;
  }

  static String describe(BlockPlacement b) {
    int tiles = b.tiles().size();
    return String.format(Locale.ROOT, "%s: %d×%d weights, %d tile%s, %,d devices", b.weight(), b.outputs(), b.inputs(), tiles,
        tiles == 1 ? "" : "s", b.devices());
  }

  /** Every text of the map except the colour bar's, for overlap checks. */
  List<Label> labels() {
    List<Label> all = new ArrayList<>(header);
    all.addAll(grid.titles());
    all.addAll(grid.ticks());
    for (KeyEntry e : key) all.add(e.text);
    return all;
  }

  /** Boxes that must not overlap one another: texts, tile names' backgrounds, markers and key marks. */
  List<Box> occupied() {
    List<Box> all = new ArrayList<>();
    for (Label l : labels()) all.add(l.box());
    for (TileLabels.Name n : tiles.names()) all.add(n.background());
    for (TileLabels.Marker m : tiles.markers()) all.add(m.circle());
    for (KeyEntry e : key) all.add(e.mark);
    return all;
  }
}
