package insitu.boards.sim.products;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.Region;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import insitu.boards.sim.state.CellArrays;
import insitu.numeric.random.GaussianSource;
import org.junit.jupiter.api.Test;

/** The gather cache: pair differences transposed, every tile of a board-filling model kept, and a full cache that starts over. */
class GatheredConductancesTest {
  private static CellArrays cells(int arrays, int rows, int cols) {
    return CellArrays.draw(SimulatedBoard.specFor(DeviceModel.paper(), arrays, rows, cols), DeviceModel.paper(), new GaussianSource(7));
  }

  /** G⁺ − G⁻ of pair i (rows 2i, 2i+1) and column j at gt[j·pairs + i], read from the cells directly. */
  private static void assertPairDifferences(CellArrays c, Region r, double[] gt) {
    int pairs = r.rowCount() / 2, nc = r.colCount();
    for (int i = 0; i < pairs; i++)
      for (int j = 0; j < nc; j++) {
        double plus = c.siemens(r.array(), r.row(2 * i) * c.cols() + r.col(j)), minus = c.siemens(r.array(), r.row(2 * i + 1) * c.cols() + r.col(j));
        assertEquals(plus - minus, gt[j * pairs + i], "array " + r.array() + " pair " + i + " column " + j);
      }
  }

  @Test
  void aModelOfMoreTilesThanOnceFittedKeepsEveryTileCached() {
    // 300 arrays, one tile each: more regions than the 256 the cache used to hold.
    CellArrays c = cells(300, 4, 3);
    GatheredConductances g = new GatheredConductances(c);
    Region[] tiles = new Region[300];
    double[][] first = new double[300][];
    for (int a = 0; a < 300; a++) {
      tiles[a] = Region.rect(a, 0, 4, 0, 3);
      first[a] = g.gathered(tiles[a], true);
      assertPairDifferences(c, tiles[a], first[a]);
    }
    for (int a = 0; a < 300; a++) assertSame(first[a], g.gathered(tiles[a], true), "tile " + a + " gathered again");
  }

  @Test
  void aFullCacheStartsOverAndStillGathersTheRightValues() {
    // One array of 4 x 2 cells holds 4 pair values: a second region of 4 values does not fit beside the first.
    CellArrays c = cells(1, 4, 2);
    GatheredConductances g = new GatheredConductances(c);
    Region a = Region.rect(0, 0, 4, 0, 2), b = Region.rect(0, 0, 4, 0, 2);
    double[] ga = g.gathered(a, true);
    assertSame(ga, g.gathered(a, true));
    double[] gb = g.gathered(b, true);
    assertPairDifferences(c, b, gb);
    double[] again = g.gathered(a, true);
    assertNotSame(ga, again, "the cache started over when b did not fit");
    assertPairDifferences(c, a, again);
  }
}
