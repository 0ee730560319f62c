package insitu.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.CrossbarMapper;
import insitu.compiler.mapping.Mapping;
import insitu.compiler.mapping.MappingOptions;
import insitu.compiler.mapping.StuckDevices;
import insitu.compiler.mapping.Target;
import insitu.compiler.mapping.TargetCalibration;
import insitu.compiler.mapping.Tile;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MapToTilesTest {
  static BoardSpec board(int arrays) {
    return new BoardSpec("test", arrays, 128, 64, 1e-6, 40e-6, 0.2, 3, 3, 5, 0, 1e-3, DefectMap.none());
  }

  static TargetCalibration calibration(StuckDevices stuck, DefectMap badLines) {
    return new TargetCalibration("test", 17e-6, 1.0, stuck, badLines, TargetCalibration.DEFAULT_COPIES);
  }

  private static Mapping map(Graph g, Target t, MappingOptions options) {
    return Units.run(CompileUnit.lowered(g.name(), g).onTarget(t), new MapToTiles(options)).mapping();
  }

  @Test void withoutACalibrationTheOptionsDecideAndTheMapperPlaces() {
    Graph g = PaperModels.cnn(1);
    MappingOptions options = MappingOptions.defaults().withReplication("conv1.weight", 2, 1);
    Mapping m = map(g, Target.of(board(1)), options);
    assertEquals(CrossbarMapper.map(g, board(1), options).toString(), m.placement().toString());
    assertEquals("1 copy per weight (1x1)", m.describe());
  }

  @Test void aCalibratedTargetGetsTwoCopiesAroundItsBadLinesAtItsScale() {
    Graph g = PaperModels.cnn(1);
    DefectMap lines = DefectMap.none().withBadRow(0, 5).withBadCol(0, 7);
    Mapping m = map(g, Target.of(board(1)).calibrated(calibration(StuckDevices.none(), lines)), MappingOptions.defaults());
    assertEquals(2, m.rowCopies() * m.columnCopies());
    for (BlockPlacement b : m.placement().blocks()) {
      assertTrue(b.siemensPerWeight() <= 17e-6, b.weight());
      for (Tile t : b.tiles()) {
        for (int r : t.rows()) assertTrue(r != 5, "bad row used by " + b.weight());
        for (int c : t.cols()) assertTrue(c != 7, "bad column used by " + b.weight());
      }
    }
  }

  @Test void copiesThatDoNotFitFallBackToOne() {
    // One copy of the paper CNN side by side is 10 + 4 + 15 = 29 columns wide (fc, conv2, conv1): it fits
    // 32 columns, two copies (58) do not, and two stacked copies of fc need 256 rows.
    Graph g = PaperModels.cnn(1);
    BoardSpec small = new BoardSpec("small", 1, 128, 32, 1e-6, 40e-6, 0.2, 3, 3, 5, 0, 1e-3, DefectMap.none());
    Mapping m = map(g, Target.of(small).calibrated(calibration(new StuckDevices(Map.of(), 1e-6, 40e-6), DefectMap.none())),
        MappingOptions.defaults());
    assertEquals(1, m.rowCopies() * m.columnCopies(), m.describe());
  }
}
