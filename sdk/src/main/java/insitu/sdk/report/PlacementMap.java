package insitu.sdk.report;

import insitu.boards.BoardSpec;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.Placement;
import insitu.compiler.mapping.Tile;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * PNG map of where each layer lives: a grid of the target's arrays, every device of a layer in
 * that layer's colour, known-bad cells dark grey, free cells light grey, and a legend. Needs no
 * board: it draws the compiler's placement.
 */
public final class PlacementMap {
  private static final int GAP = 16, MARGIN = 20, TITLE = 18, LEGEND_ROW = 18, MAX_WIDTH = 1400;
  private static final Color FREE = new Color(0xEE, 0xEE, 0xEE), BAD = new Color(0x44, 0x44, 0x44);

  private PlacementMap() {}

  public static void write(Placement placement, BoardSpec target, Path file) throws IOException {
    int arrays = placement.arrays(), rows = placement.rows(), cols = placement.cols();
    int gridCols = Math.max(1, Math.min(arrays, (int) Math.ceil(Math.sqrt(arrays * (double) rows / cols))));
    int gridRows = (arrays + gridCols - 1) / gridCols;
    int cell = Math.max(1, Math.min(5, (MAX_WIDTH - 2 * MARGIN) / (gridCols * (cols + 4))));
    int aw = cols * cell, ah = rows * cell;
    List<BlockPlacement> blocks = placement.blocks();
    int legendH = LEGEND_ROW * (blocks.size() + 2);
    int w = Math.max(2 * MARGIN + gridCols * aw + (gridCols - 1) * GAP, 320);
    int h = MARGIN + gridRows * (ah + TITLE + GAP) + legendH + MARGIN;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    double[] util = placement.utilization();
    for (int a = 0; a < arrays; a++) {
      int x0 = MARGIN + (a % gridCols) * (aw + GAP), y0 = MARGIN + (a / gridCols) * (ah + TITLE + GAP) + TITLE;
      for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) {
          g.setColor(target.defects().isBadCell(a, r, c) ? BAD : FREE);
          g.fillRect(x0 + c * cell, y0 + r * cell, cell, cell);
        }
      for (int bi = 0; bi < blocks.size(); bi++) {
        g.setColor(colour(bi));
        for (Tile t : blocks.get(bi).tiles()) {
          if (t.array() != a) continue;
          for (int r : t.rows()) for (int c : t.cols()) g.fillRect(x0 + c * cell, y0 + r * cell, cell, cell);
        }
      }
      g.setColor(Color.BLACK);
      g.drawRect(x0 - 1, y0 - 1, aw + 1, ah + 1);
      g.drawString(String.format("array %d  %.0f%%", a, 100 * util[a]), x0, y0 - 4);
    }
    int ly = MARGIN + gridRows * (ah + TITLE + GAP) + 4;
    for (int bi = 0; bi < blocks.size(); bi++) {
      BlockPlacement b = blocks.get(bi);
      g.setColor(colour(bi));
      g.fillRect(MARGIN, ly + bi * LEGEND_ROW, 12, 12);
      g.setColor(Color.BLACK);
      g.drawString(String.format("%s  %dx%d, %d tile(s), %d devices", b.weight(), b.outputs(), b.inputs(), b.tiles().size(), b.devices()),
          MARGIN + 18, ly + bi * LEGEND_ROW + 11);
    }
    int y = ly + blocks.size() * LEGEND_ROW;
    g.setColor(BAD);
    g.fillRect(MARGIN, y, 12, 12);
    g.setColor(Color.BLACK);
    g.drawString("known-bad cell", MARGIN + 18, y + 11);
    g.dispose();
    PngFiles.write(img, file);
  }

  /** Distinct hues by the golden angle, so neighbouring layers never look alike. */
  static Color colour(int i) {
    float hue = (float) ((i * 0.618033988749895) % 1.0);
    return Color.getHSBColor(hue, 0.75f, 0.85f);
  }
}
