package insitu.runtime.crossbar;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardSpec;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import insitu.compiler.builder.ModelBuilder;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.CrossbarMapper;
import insitu.compiler.mapping.MappingOptions;
import org.junit.jupiter.api.Test;

/** Weights encoded as conductance pairs decode back to themselves, over every copy. */
class DifferentialEncodingTest {
  private static BlockPlacement placement(int rowCopies, int colCopies) {
    Graph g = ModelBuilder.input("x", 3).dense("d", 2, false).build("m", 1);
    BoardSpec spec = SimulatedBoard.specFor(DeviceModel.paper(), 1, 32, 32);
    return CrossbarMapper.map(g, spec, MappingOptions.defaults().withReplication("d.weight", rowCopies, colCopies)).block("d.weight");
  }

  @Test
  void decodingTheTargetsGivesTheWeightsBackOverEveryCopy() {
    DifferentialEncoding e = new DifferentialEncoding(placement(2, 3));
    double[] w = {0.5, -1, 0.25, 2, -0.75, 0};
    double[][] t = e.targets(w, 300e-6, 0, 1);
    double[] back = new double[w.length];
    for (int tile = 0; tile < t.length; tile++) e.addDecoded(tile, t[tile], back);
    assertArrayEquals(w, back, 1e-12);
    // Each weight's devices (2 per copy, 6 copies) add up to what pairSum says, whatever the centre.
    double[] sum = new double[w.length];
    int[] devices = new int[w.length];
    e.forEachDevice((tile, local, array, row, col, k, sign) -> {
      sum[k] += sign * t[tile][local];
      devices[k]++;
    });
    for (int k = 0; k < w.length; k++) {
      assertEquals(12, devices[k]);
      assertEquals(e.pairSum(devices[k], w[k]), sum[k], 1e-15);
    }
  }

  @Test
  void theG_PlusDeviceCarriesHalfTheWeightAboveTheCentre() {
    DifferentialEncoding e = new DifferentialEncoding(placement(1, 1));
    double r = e.siemensPerWeight();
    assertEquals(300e-6 + 0.4 * r / 2, e.target(300e-6, 1, 0.4), 1e-18);
    assertEquals(300e-6 - 0.4 * r / 2, e.target(300e-6, -1, 0.4), 1e-18);
    double[][] clipped = e.targets(new double[] {1e3, 0, 0, 0, 0, 0}, 300e-6, 250e-6, 350e-6);
    for (double g : clipped[0]) assertTrue(g >= 250e-6 && g <= 350e-6, "inside the window: " + g);
    assertThrows(IllegalArgumentException.class, () -> e.targets(new double[5], 300e-6, 0, 1));
  }
}
