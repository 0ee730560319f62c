package insitu.sdk.report;

import insitu.boards.Board;
import insitu.boards.Region;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.Placement;
import insitu.compiler.mapping.Tile;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * PNG map of the conductances of the arrays a model uses (like Fig. 2 of the paper), with each
 * weight block outlined and named. Reads the board once per array.
 */
public final class ConductanceMap {
  private static final int CELL = 5, GAP = 30, TOP = 40, LEFT = 20, BAR = 70;
  private static final int MAX_ARRAYS = 4;

  private ConductanceMap() {}

  public static void write(Board board, Placement placement, Path file) throws IOException {
    int rows = placement.rows(), cols = placement.cols();
    double[] util = placement.utilization();
    int[] used = java.util.stream.IntStream.range(0, util.length).filter(a -> util[a] > 0).limit(MAX_ARRAYS).toArray();
    if (used.length == 0) used = new int[] {0};
    int aw = cols * CELL, ah = rows * CELL;
    int w = LEFT + used.length * (aw + GAP) + BAR, h = TOP + ah + 40;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    double gMax = board.spec().maxSiemens();
    double[][] values = new double[used.length][rows * cols];
    double seenMax = 0;
    for (int k = 0; k < used.length; k++) {
      board.read(Region.rect(used[k], 0, rows, 0, cols), values[k]);
      for (double v : values[k]) seenMax = Math.max(seenMax, v);
    }
    double scale = Math.min(gMax, Math.max(seenMax, 1e-9));
    for (int k = 0; k < used.length; k++) {
      int x0 = LEFT + k * (aw + GAP);
      for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) {
          g.setColor(Viridis.color(values[k][r * cols + c] / scale));
          g.fillRect(x0 + c * CELL, TOP + r * CELL, CELL, CELL);
        }
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
      g.drawString("array " + used[k] + " (" + rows + "x" + cols + ")", x0, TOP - 10);
      g.setStroke(new BasicStroke(1.5f));
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      for (BlockPlacement b : placement.blocks())
        for (Tile t : b.tiles()) {
          if (t.array() != used[k]) continue;
          int r0 = t.rows()[0], r1 = t.rows()[t.rows().length - 1], c0 = t.cols()[0], c1 = t.cols()[t.cols().length - 1];
          g.setColor(Color.WHITE);
          g.drawRect(x0 + c0 * CELL, TOP + r0 * CELL, (c1 - c0 + 1) * CELL, (r1 - r0 + 1) * CELL);
          g.drawString(b.weight(), x0 + c0 * CELL + 2, TOP + r0 * CELL + 12);
        }
    }
    int bx = LEFT + used.length * (aw + GAP);
    for (int y = 0; y < ah; y++) {
      g.setColor(Viridis.color(1 - (double) y / ah));
      g.fillRect(bx, TOP + y, 15, 1);
    }
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.drawString(String.format("%.0f µS", scale * 1e6), bx + 18, TOP + 8);
    g.drawString("0 µS", bx + 18, TOP + ah);
    g.drawString("conductance", bx - 5, TOP + ah + 20);
    g.dispose();
    PngFiles.write(img, file);
  }
}
