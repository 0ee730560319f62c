package insitu.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.boards.DefectMap;
import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.Mapping;
import insitu.compiler.mapping.MappingOptions;
import insitu.compiler.mapping.StuckAwarePlacement;
import insitu.compiler.mapping.StuckDevices;
import insitu.compiler.mapping.Target;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlaceAroundStuckCellsTest {
  /** 10 % of the cells stuck, half at each end of the window, as on sim:realistic?stuck=0.1. */
  static StuckDevices stuck(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<Long, Double> m = new HashMap<>();
    for (int r = 0; r < 128; r++)
      for (int c = 0; c < 64; c++)
        if (rnd.nextDouble() < 0.1) m.put(DefectMap.cellKey(0, r, c), rnd.nextBoolean() ? 1e-6 : 40e-6);
    return new StuckDevices(m, 1e-6, 40e-6);
  }

  @Test void onACalibratedTargetTheStuckCellsDoFarLessHarm() {
    Graph g = PaperModels.cnn(3);
    StuckDevices stuck = stuck(1);
    Target t = Target.of(MapToTilesTest.board(1)).calibrated(MapToTilesTest.calibration(stuck, DefectMap.none()).withMaxCopies(1));
    CompileUnit mapped = Units.run(CompileUnit.lowered("paper-cnn", g).onTarget(t), new MapToTiles(MappingOptions.defaults()));
    Mapping m = Units.run(mapped, new PlaceAroundStuckCells()).mapping();
    Map<String, double[]> weights = new LinkedHashMap<>();
    for (String w : g.crossbarWeights()) weights.put(w, g.weightMatrix(w).values());
    assertEquals(StuckAwarePlacement.score(mapped.mapping().placement(), weights, stuck), m.stuckBefore());
    assertEquals(StuckAwarePlacement.score(m.placement(), weights, stuck), m.stuckAfter());
    assertTrue(m.stuckAfter().harmfulStuck() * 5 <= m.stuckBefore().harmfulStuck(), m.describe());
    assertTrue(m.describe().startsWith("1 copy per weight (1x1); stuck-aware rows and columns: "), m.describe());
  }

  @Test void withoutACalibrationNothingIsKnownToBeStuckAndNothingMoves() {
    Graph g = PaperModels.cnn(3);
    CompileUnit mapped = Units.run(CompileUnit.lowered("paper-cnn", g).onTarget(Target.of(MapToTilesTest.board(1))),
        new MapToTiles(MappingOptions.defaults()));
    assertSame(mapped, new PlaceAroundStuckCells().run(mapped));
  }
}
