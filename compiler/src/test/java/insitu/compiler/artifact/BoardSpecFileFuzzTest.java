package insitu.compiler.artifact;

import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import insitu.testing.Fuzz;
import insitu.testing.JsonMutations;
import insitu.testing.HangGuard;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Board spec files ({@code insitu board info --out}) with their JSON damaged: a valid spec with its defects inside the board, or one line. */
@HangGuard
class BoardSpecFileFuzzTest {
  private static final int CASES = 300;
  @TempDir Path dir;

  @Test
  void damagedSpecFilesGiveAValidSpecOrAOneLineRefusal() throws Exception {
    BoardSpec spec = SimulatedBoard.specFor(DeviceModel.realistic(), 2, 32, 16)
        .withDefects(DefectMap.none().withBadRow(1, 3).withBadCol(0, 7).withBadCell(1, 31, 15));
    Path valid = dir.resolve("valid.json");
    BoardSpecFile.write(spec, valid);
    String text = Files.readString(valid);
    Path f = dir.resolve("case.json");
    int loaded = 0;
    for (int k = 0; k < CASES; k++) {
      Files.writeString(f, JsonMutations.mutate(text, Fuzz.random(8, k)), StandardCharsets.UTF_8);
      var read = Fuzz.loadsOrRefuses("case " + k, () -> BoardSpecFile.read(f));
      if (read.isEmpty()) continue;
      loaded++;
      BoardSpec s = read.get();
      for (long key : s.defects().badCells()) {
        int a = (int) (key >>> 40), r = (int) ((key >>> 20) & 0xfffff), c = (int) (key & 0xfffff);
        assertTrue(a < s.arrays() && r < s.rows() && c < s.cols(), "case " + k + ": defect inside the board");
      }
    }
    assertTrue(loaded > 0 && loaded < CASES, "some damage is harmless, most is found: " + loaded);
  }
}
