package insitu.compiler.mapping;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import insitu.compiler.builder.ModelBuilder;
import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CrossbarMapperTest {
  private static BoardSpec target(int arrays, int rows, int cols) {
    return new BoardSpec("test", arrays, rows, cols, 0, 1e-3, 0.2, 3, 3, 5, 0, 1e-3, DefectMap.none());
  }

  /** Every weight of every block must be covered by exactly one tile. */
  private static void assertCoveredOnce(Placement p) {
    for (BlockPlacement b : p.blocks()) {
      int[] count = new int[b.outputs() * b.inputs()];
      for (Tile t : b.tiles())
        for (int j = t.outStart(); j < t.outStart() + t.outCount(); j++)
          for (int i = t.inStart(); i < t.inStart() + t.inCount(); i++) count[j * b.inputs() + i]++;
      for (int c : count) assertEquals(1, c, "weight covered once in " + b.weight());
    }
  }

  /** No physical cell is used by two tiles. */
  private static void assertNoOverlap(Placement p) {
    java.util.Set<Long> used = new java.util.HashSet<>();
    for (BlockPlacement b : p.blocks())
      for (Tile t : b.tiles())
        for (int r : t.rows())
          for (int c : t.cols()) assertTrue(used.add(DefectMap.cellKey(t.array(), r, c)), "cell used twice");
  }

  @Test
  void paperCnnFitsOneArrayWithTwoDevicesPerWeight() {
    Placement p = CrossbarMapper.map(PaperModels.cnn(1), target(1, 128, 64), MappingOptions.defaults());
    assertEquals(2 * 1015, p.devicesUsed());
    assertCoveredOnce(p);
    assertNoOverlap(p);
  }

  @Test
  void paperLayoutIsExpressibleOnThe123x59LogicalArray() {
    DefectMap d = DefectMap.none();
    for (int r : new int[] {0, 31, 62, 93, 127}) d = d.withBadRow(0, r);
    for (int c : new int[] {0, 15, 30, 45, 63}) d = d.withBadCol(0, c);
    BoardSpec chip = target(1, 128, 64).withDefects(d);
    Placement p = CrossbarMapper.map(PaperModels.cnn(1), chip, MappingOptions.paperCnnLayout());
    // conv1 36x15 + conv2 120x8 + dense 86x20 + 84x10: 4,060 devices (the paper's 4,080 counts two zero padding rows).
    assertEquals(540 + 960 + 1720 + 840, p.devicesUsed());
    assertCoveredOnce(p);
    assertNoOverlap(p);
    Tile conv1 = p.block("conv1.weight").tiles().get(0);
    assertEquals(2, conv1.rowRep());
    int[] goodRows = d.goodRows(0, 128);
    assertEquals(goodRows[87], conv1.rows()[0], "paper corner (88,37) is logical (87,36)");
    assertEquals(d.goodCols(0, 64)[36], conv1.cols()[0]);
    assertEquals(2, p.block("fc.weight").tiles().size());
  }

  @Test
  void placementNeverTouchesDeclaredDefects() {
    SplittableRandom rnd = new SplittableRandom(42);
    Graph g = PaperModels.cnn(1);
    for (int trial = 0; trial < 40; trial++) {
      DefectMap d = DefectMap.none();
      for (int a = 0; a < 2; a++) {
        for (int k = 0; k < 6; k++) d = d.withBadRow(a, rnd.nextInt(128));
        for (int k = 0; k < 4; k++) d = d.withBadCol(a, rnd.nextInt(64));
        for (int k = 0; k < 30; k++) d = d.withBadCell(a, rnd.nextInt(128), rnd.nextInt(64));
      }
      Placement p = CrossbarMapper.map(g, target(2, 128, 64).withDefects(d), MappingOptions.defaults());
      assertCoveredOnce(p);
      assertNoOverlap(p);
      for (BlockPlacement b : p.blocks())
        for (Tile t : b.tiles())
          for (int r : t.rows())
            for (int c : t.cols()) assertFalse(d.isBadCell(t.array(), r, c), "tile on a defect at " + r + "," + c);
    }
  }

  @Test
  void splitsBlocksLargerThanAnArrayOverRowsAndColumns() {
    Graph g = ModelBuilder.input("x", 300).dense("big", 100, false).build("big", 1);
    Placement p = CrossbarMapper.map(g, target(10, 128, 64), MappingOptions.defaults());
    BlockPlacement b = p.block("big.weight");
    assertEquals(10, p.arraysUsed());
    // 600 differential rows over 128-row arrays: 5 input chunks of 60 inputs; 100 outputs over 64 columns: 2 chunks of 50.
    assertEquals(10, b.tiles().size());
    assertCoveredOnce(p);
    assertNoOverlap(p);
    for (Tile t : b.tiles()) assertTrue(t.rows().length <= 128 && t.cols().length <= 64);
  }

  @Test
  void replicationMultipliesDevices() {
    Graph g = PaperModels.cnn(1);
    MappingOptions o = MappingOptions.defaults().withReplication("conv1.weight", 2, 3);
    Placement p = CrossbarMapper.map(g, target(1, 128, 64), o);
    assertEquals(2 * 1015 + 5 * 2 * 135, p.devicesUsed());
    assertCoveredOnce(p);
  }

  @Test
  void tooSmallTargetIsAClearErrorWithTheArraysNeeded() {
    // 1000 inputs split into 16 chunks of at most 64 (63 or 62 inputs: 126 or 124 rows of 128), one
    // tile per array: 16 arrays, whatever the target had.
    Graph g = ModelBuilder.input("x", 1000).dense("huge", 64, false).build("huge", 1);
    for (int arrays : new int[] {1, 15}) {
      TargetTooSmallException e = assertThrows(TargetTooSmallException.class,
          () -> CrossbarMapper.map(g, target(arrays, 128, 64), MappingOptions.defaults()));
      assertEquals(16, e.arraysNeeded());
      assertTrue(e.getMessage().contains("need 16 arrays of 128x64 but the target has " + arrays), e.getMessage());
    }
    assertEquals(16, CrossbarMapper.map(g, target(16, 128, 64), MappingOptions.defaults()).arraysUsed());
    BoardSpec sim = new BoardSpec("sim:paper", 2, 128, 64, 0, 1e-3, 0.2, 3, 3, 5, 0, 1e-3, DefectMap.none());
    var e = assertThrows(TargetTooSmallException.class, () -> CrossbarMapper.map(g, sim, MappingOptions.defaults()));
    assertTrue(e.getMessage().endsWith("use --target 'sim:paper?arrays=16'"), e.getMessage());
  }

  @Test
  void handPlacementMustCoverEveryWeightOnce() {
    MappingOptions o = MappingOptions.defaults().withTiles("fc.weight",
        java.util.List.of(new TileRequest(0, 40, 0, 10, 1, 1, 0, 0, 0)));
    assertThrows(MappingException.class, () -> CrossbarMapper.map(PaperModels.cnn(1), target(1, 128, 64), o));
  }
}
