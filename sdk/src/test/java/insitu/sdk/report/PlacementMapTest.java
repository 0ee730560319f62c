package insitu.sdk.report;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import insitu.compiler.mapping.Placement;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementMapTest {
  @Test
  void labelsNeverOverlapFromOneArrayToSixtyFour() {
    PlotStyle s = PlotStyle.standard();
    for (Placement p : ConductanceMapTest.placements()) {
      MapLayout l = PlacementMap.layout(s, p, Synthetic.spec(p.arrays(), p.rows(), p.cols()));
      Synthetic.assertApart(l.occupied(), l.width(), l.height());
      assertEquals(p.blocks().size() + 2, l.key().size(), "layers, free and bad cells");
    }
  }

  @Test
  void smallTargetsShowTheirFreeArrays() {
    Placement p = Synthetic.pack(3, 128, 64, new int[][] {{10, 5}, {3, 4}});
    assertEquals(1, p.arraysUsed());
    assertEquals(List.of(0, 1, 2), PlacementMap.layout(PlotStyle.standard(), p, Synthetic.spec(3, 128, 64)).arrays());
  }

  @Test
  void layersFreeAndBadCellsHaveTheirColours() {
    Placement p = Synthetic.pack(2, 128, 64, new int[][] {{64, 10}});
    BoardSpec spec = Synthetic.spec(2, 128, 64).withDefects(DefectMap.none().withBadRow(1, 100));
    BufferedImage img = PlacementMap.render(p, spec);
    MapLayout l = PlacementMap.layout(PlotStyle.standard(), p, spec);
    Box a0 = l.grid().heatmaps().get(0), a1 = l.grid().heatmaps().get(1);
    int layer = PlacementMap.colour(0).getRGB() & 0xFFFFFF;
    assertEquals(layer, img.getRGB((int) (a0.x() + a0.w() * 0.1), (int) (a0.y() + a0.h() * 0.7)) & 0xFFFFFF);
    assertEquals(0xEEEEEE, img.getRGB((int) (a0.x() + a0.w() * 0.8), (int) (a0.y() + a0.h() * 0.7)) & 0xFFFFFF);
    double cell = l.grid().cell();
    assertEquals(0x444444, img.getRGB((int) (a1.x() + a1.w() * 0.5), (int) (a1.y() + 100.5 * cell)) & 0xFFFFFF);
  }

  @Test
  void samePlacementGivesTheSameBytes() throws Exception {
    Placement p = Synthetic.mixed(64, 40, 5);
    BoardSpec spec = Synthetic.spec(64, 128, 64);
    assertArrayEquals(PngFiles.encode(PlacementMap.render(p, spec)), PngFiles.encode(PlacementMap.render(p, spec)));
  }
}
