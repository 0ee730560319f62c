package insitu.sdk.report;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.Board;
import insitu.boards.BoardOpener;
import insitu.compiler.mapping.Placement;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConductanceMapTest {
  @TempDir Path tmp;

  static List<Placement> placements() {
    int[][] full = new int[64][];
    for (int i = 0; i < 64; i++) full[i] = new int[] {64, 64};
    return List.of(
        Synthetic.pack(1, 128, 64, new int[][] {{64, 10}, {9, 8}, {72, 8}, {1, 3}}),
        Synthetic.mixed(8, 6, 1),
        Synthetic.mixed(64, 40, 5),
        Synthetic.pack(64, 128, 64, full),
        Synthetic.pack(3, 1024, 8, new int[][] {{700, 5}, {1, 1}, {300, 8}}),
        Synthetic.pack(4, 8, 512, new int[][] {{2, 500}, {4, 300}, {1, 1}, {3, 700}}),
        new Placement(2, 128, 64, List.of()));
  }

  @Test
  void labelsNeverOverlapFromOneArrayToSixtyFour() {
    PlotStyle s = PlotStyle.standard();
    for (Placement p : placements()) {
      MapLayout l = ConductanceMap.layout(s, Synthetic.spec(p.arrays(), p.rows(), p.cols()), p);
      List<Box> boxes = new ArrayList<>(l.occupied());
      ColourBar bar = ColourBar.of(s, l.side(), Ticks.linear(20, 460, 7), "conductance (µS)");
      boxes.addAll(Synthetic.boxes(bar.labels()));
      boxes.add(bar.bar());
      assertTrue(l.side().contains(bar.title().box()), "the bar's title stays in the room kept for it");
      Synthetic.assertApart(boxes, l.width(), l.height());
      assertTrue(l.width() <= 1700 && l.height() <= 2400, l.width() + "x" + l.height());
    }
  }

  @Test
  void everyTileIsOutlinedAndNamedOrNumberedWithinItsPanel() {
    PlotStyle s = PlotStyle.standard();
    for (Placement p : placements()) {
      MapLayout l = ConductanceMap.layout(s, Synthetic.spec(p.arrays(), p.rows(), p.cols()), p);
      long tiles = p.blocks().stream().flatMap(b -> b.tiles().stream()).filter(t -> l.arrays().contains(t.array())).count();
      assertEquals(tiles, l.tiles().outlines().size());
      assertEquals(tiles, l.tiles().names().size() + l.tiles().markers().size(), "one name or marker per tile");
      for (TileLabels.Name n : l.tiles().names()) {
        assertTrue(n.tile().contains(n.background()), n.text().text() + " inside its tile");
        assertEquals(p.blocks().get(n.block()).weight(), n.text().text());
      }
      for (TileLabels.Marker m : l.tiles().markers()) {
        assertEquals(Integer.toString(m.block() + 1), m.number().text());
        if (m.leader() == null) assertTrue(m.tile().contains(m.circle()));
        else assertTrue(m.circle().x() > m.tile().right(), "a marker outside its tile sits in the gutter");
      }
      assertEquals(p.blocks().size(), l.key().size(), "the key lists every layer");
    }
  }

  @Test
  void namesGoInsideTilesThatHaveRoom() {
    Placement p = placements().get(0);
    MapLayout l = ConductanceMap.layout(PlotStyle.standard(), Synthetic.spec(1, 128, 64), p);
    List<String> named = l.tiles().names().stream().map(n -> n.text().text()).toList();
    assertTrue(named.contains("layer0.weight") && named.contains("layer1.weight"), named.toString());
    assertTrue(l.tiles().names().stream().anyMatch(n -> n.text().vertical()), "tall narrow tiles are named up their side");
    assertEquals(List.of(3), l.tiles().markers().stream().map(TileLabels.Marker::block).toList(), "only the 2-row tile needs a marker");
  }

  @Test
  void showsTheArraysInUseAtMostSixtyFour() {
    assertEquals(List.of(1, 3), MapLayout.shown(new double[] {0, 0.5, 0, 0.2}, false));
    assertEquals(List.of(0), MapLayout.shown(new double[] {0, 0}, false));
    assertEquals(List.of(0, 1, 2, 3), MapLayout.shown(new double[] {0, 0.5, 0, 0.2}, true));
    double[] many = new double[200];
    java.util.Arrays.fill(many, 0.1);
    assertEquals(64, MapLayout.shown(many, true).size());
    Placement big = placements().get(2);
    MapLayout l = ConductanceMap.layout(PlotStyle.standard(), Synthetic.spec(64, 128, 64), big);
    assertEquals(big.arraysUsed(), l.arrays().size());
  }

  @Test
  void sameConductancesGiveTheSameBytes() throws Exception {
    for (Placement p : List.of(placements().get(0), placements().get(3))) {
      var spec = Synthetic.spec(p.arrays(), p.rows(), p.cols());
      byte[] a = PngFiles.encode(ConductanceMap.render(spec, p, Synthetic.cells(p, 7)));
      byte[] b = PngFiles.encode(ConductanceMap.render(spec, p, Synthetic.cells(p, 7)));
      assertArrayEquals(a, b);
      MapLayout l = ConductanceMap.layout(PlotStyle.standard(), spec, p);
      BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(a));
      assertEquals(l.width(), img.getWidth());
      assertEquals(l.height(), img.getHeight());
    }
  }

  @Test
  void heatmapPixelsFollowTheConductance() {
    Placement p = placements().get(0);
    BufferedImage img = ConductanceMap.render(Synthetic.spec(1, 128, 64), p, a -> {
      double[] v = new double[128 * 64];
      for (int r = 0; r < 128; r++) for (int c = 0; c < 64; c++) v[r * 64 + c] = c < 32 ? 0 : 400e-6;
      return v;
    });
    Box hm = ConductanceMap.layout(PlotStyle.standard(), Synthetic.spec(1, 128, 64), p).grid().heatmaps().get(0);
    int y = (int) (hm.y() + hm.h() * 0.9);
    assertEquals(Viridis.rgb(0), img.getRGB((int) (hm.x() + hm.w() * 0.45), y) & 0xFFFFFF);
    assertEquals(Viridis.rgb(1), img.getRGB((int) (hm.x() + hm.w() * 0.9), y) & 0xFFFFFF);
  }

  @Test
  void readsASimulatedBoardAndWritesThePng() throws Exception {
    Placement p = Synthetic.mixed(2, 5, 3);
    try (Board board = BoardOpener.open("sim:paper?arrays=2", 1)) {
      Path f = tmp.resolve("map.png");
      ConductanceMap.write(board, p, f);
      BufferedImage img = ImageIO.read(f.toFile());
      MapLayout l = ConductanceMap.layout(PlotStyle.standard(), board.spec(), p);
      assertEquals(l.width(), img.getWidth());
    }
  }
}
