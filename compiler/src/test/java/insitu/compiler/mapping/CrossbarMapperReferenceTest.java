package insitu.compiler.mapping;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import insitu.compiler.builder.ModelBuilder;
import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The packer against the cell-by-cell first-fit it replaced ({@link ReferenceMapper}): the same
 * tiles on the same lines for random models and targets with bad rows, columns and cells,
 * replication and hand-placed tiles; and when a model does not fit, the arrays it says it needs
 * are exactly the fewest on which the reference packs it.
 */
class CrossbarMapperReferenceTest {

  private static Graph randomModel(SplittableRandom rnd) {
    ModelBuilder b = rnd.nextBoolean()
        ? ModelBuilder.input("x", 1 + rnd.nextInt(3), 6 + rnd.nextInt(5), 6 + rnd.nextInt(5)).conv("c1", 1 + rnd.nextInt(20),
            1 + rnd.nextInt(4), 1, ModelBuilder.Padding.SAME).relu().conv("c2", 1 + rnd.nextInt(20), 3, 2, ModelBuilder.Padding.VALID).flatten()
        : ModelBuilder.input("x", 1 + rnd.nextInt(120));
    for (int k = 0, layers = 1 + rnd.nextInt(3); k < layers; k++) b = b.dense("fc" + k, 1 + rnd.nextInt(60), rnd.nextBoolean()).relu();
    return b.build("random", rnd.nextLong());
  }

  /** Defects on the target's arrays and, sometimes, on arrays a bigger board of the same spec would have. */
  private static BoardSpec randomTarget(SplittableRandom rnd, int arrays, int rows, int cols) {
    DefectMap d = DefectMap.none();
    int beyond = rnd.nextInt(4) == 0 ? 3 : 0;
    for (int k = rnd.nextInt(4); k > 0; k--) d = d.withBadRow(rnd.nextInt(arrays + beyond), rnd.nextInt(rows));
    for (int k = rnd.nextInt(4); k > 0; k--) d = d.withBadCol(rnd.nextInt(arrays + beyond), rnd.nextInt(cols));
    for (int k = rnd.nextInt(30); k > 0; k--) d = d.withBadCell(rnd.nextInt(arrays + beyond), rnd.nextInt(rows), rnd.nextInt(cols));
    return new BoardSpec("test", arrays, rows, cols, 0, 1e-3, 0.2, 3, 3, 5, 0, 1e-3, d);
  }

  private static MappingOptions randomOptions(SplittableRandom rnd, Graph g) {
    MappingOptions o = MappingOptions.defaults();
    for (String w : g.crossbarWeights()) if (rnd.nextInt(4) == 0) o = o.withReplication(w, 1 + rnd.nextInt(2), 1 + rnd.nextInt(3));
    return o;
  }

  @Test
  void placesExactlyLikeTheReferenceOrCountsTheFewestArraysItNeeds() {
    SplittableRandom rnd = new SplittableRandom(20240607);
    int fitted = 0, counted = 0;
    for (int trial = 0; trial < 60; trial++) {
      Graph g = randomModel(rnd);
      int rows = 32 + rnd.nextInt(97), cols = 16 + rnd.nextInt(49);
      // From the fewest arrays the weights' devices could fill to four times that: about half the models fit.
      int least = (int) Math.ceil(2.0 * g.crossbarWeightCount() / (rows * cols));
      BoardSpec target = randomTarget(rnd, Math.max(1, least + rnd.nextInt(3 * least + 2)), rows, cols);
      MappingOptions o = randomOptions(rnd, g);
      String ref;
      try {
        ref = ReferenceMapper.map(g, target, o).toString();
      } catch (MappingException e) {
        ref = null;
      }
      try {
        Placement p = CrossbarMapper.map(g, target, o);
        assertEquals(ref, p.toString(), "trial " + trial);
        fitted++;
      } catch (TargetTooSmallException e) {
        assertNull(ref, "trial " + trial + ": the reference fits it: " + e.getMessage());
        int n = e.arraysNeeded();
        assertTrue(n > target.arrays(), "trial " + trial);
        assertEquals(ReferenceMapper.map(g, target.withArrays(n), o).toString(), CrossbarMapper.map(g, target.withArrays(n), o).toString());
        assertThrows(MappingException.class, () -> ReferenceMapper.map(g, target.withArrays(n - 1), o), "trial " + trial + ": fewer arrays do");
        counted++;
      } catch (MappingException e) {
        assertNull(ref, "trial " + trial);
        assertFalse(e.getMessage().contains("need"), e.getMessage());
      }
    }
    assertTrue(fitted > 15 && counted > 15, fitted + " fitted, " + counted + " counted");
  }

  @Test
  void handPlacedTilesAndBadCellsAsTheReference() {
    BoardSpec t = new BoardSpec("test", 3, 128, 64, 0, 1e-3, 0.2, 3, 3, 5, 0, 1e-3,
        DefectMap.none().withBadRow(0, 7).withBadCell(0, 2, 60).withBadCell(1, 0, 0).withBadCol(2, 63));
    MappingOptions o = MappingOptions.paperCnnLayout();
    Graph g = PaperModels.cnn(1);
    // The paper's layout keeps clear of these defects; automatic tiles flow around both.
    assertEquals(ReferenceMapper.map(g, t, o).toString(), CrossbarMapper.map(g, t, o).toString());
    MappingOptions fcByHand = MappingOptions.defaults().withTiles("fc.weight", List.of(new TileRequest(0, 40, 0, 10, 1, 1, 1, 1, 0),
        new TileRequest(40, 24, 0, 10, 1, 1, 2, 0, 0)));
    assertEquals(ReferenceMapper.map(g, t, fcByHand).toString(), CrossbarMapper.map(g, t, fcByHand).toString());
    MappingOptions overlap = MappingOptions.defaults().withTiles("fc.weight",
        List.of(new TileRequest(0, 20, 0, 10, 1, 1, 0, 0, 0), new TileRequest(10, 30, 0, 10, 1, 1, 0, 60, 0)));
    assertThrows(MappingException.class, () -> CrossbarMapper.map(g, t, overlap));
    assertThrows(MappingException.class, () -> ReferenceMapper.map(g, t, overlap));
  }
}
