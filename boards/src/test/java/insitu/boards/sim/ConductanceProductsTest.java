package insitu.boards.sim;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.InputScaling;
import insitu.boards.PulseBatch;
import insitu.boards.PulseKind;
import insitu.boards.Region;
import insitu.boards.drive.AutoScaledColumns;
import insitu.boards.drive.PairVoltColumns;
import insitu.boards.drive.PairVolts;
import insitu.boards.drive.RowVolts;
import insitu.boards.drive.ScaledColumns;
import insitu.numeric.parallel.Workers;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast MVM path gives exactly the naive row-ordered sums, on every path and after pulses. */
class ConductanceProductsTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  private static final int ROWS = 128, COLS = 64;

  /** Rows 2p and 2p+1 of the region form pair p; columns as given. */
  private static Region region(int pairs, int cols, int row0, int col0) {
    return Region.rect(0, row0, 2 * pairs, col0, cols);
  }

  private static double[] volts(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int k = 0; k < n; k++) v[k] = r.nextDouble(-0.2, 0.2);
    return v;
  }

  /** Σ_p (G⁺ − G⁻)·v in pair order, one multiply and one add per term: what the board must return. */
  private static double[] naive(SimulatedBoard b, Region reg, double[] pv, int batch) {
    double[] g = b.trueConductances(0);
    int pairs = reg.rowCount() / 2, nc = reg.colCount();
    double[] out = new double[batch * nc];
    for (int v = 0; v < batch; v++)
      for (int j = 0; j < nc; j++) {
        double s = 0;
        for (int p = 0; p < pairs; p++) {
          double d = g[reg.row(2 * p) * COLS + reg.col(j)] - g[reg.row(2 * p + 1) * COLS + reg.col(j)];
          s += d * pv[v * pairs + p];
        }
        out[v * nc + j] = s;
      }
    return out;
  }

  private static double[] expand(double[] pv) {
    double[] v = new double[2 * pv.length];
    for (int k = 0; k < pv.length; k++) {
      v[2 * k] = pv[k];
      v[2 * k + 1] = -pv[k];
    }
    return v;
  }

  @Test
  void differentialDriveEqualsExpandedMvmAndNaiveSumsOnSmallAndParallelBatches() {
    SimulatedBoard b = SimulatedBoard.of(DeviceModel.paper(), 1, ROWS, COLS, 3, WORKERS);
    for (int batch : new int[] {1, 7, 300, 5000}) {
      Region reg = region(30, 4, 2, 5);
      double[] pv = volts(batch * 30, batch);
      double[] fast = new double[batch * 4], full = new double[batch * 4];
      b.mvm(reg, new PairVolts(pv, batch), fast);
      b.mvm(reg, new RowVolts(expand(pv), batch), full);
      assertArrayEquals(naive(b, reg, pv, batch), fast, "batch " + batch);
      assertArrayEquals(full, fast, "batch " + batch);
    }
  }

  @Test
  void columnLayoutGivesTheSameCurrentsAndCountersAsTheRowLayout() {
    for (DeviceModel model : new DeviceModel[] {DeviceModel.paper(), DeviceModel.paper().withReadNoise(0.01)}) {
      SimulatedBoard rows = SimulatedBoard.of(model, 1, ROWS, COLS, 5, WORKERS), cols = SimulatedBoard.of(model, 1, ROWS, COLS, 5, WORKERS);
      for (int batch : new int[] {1, 3, 64, 777, 6400}) {
        Region reg = region(30, 4, 2, 5);
        double[] pv = volts(batch * 30, batch);
        double[][] pvT = new double[30][batch + 3]; // longer rows are allowed
        for (int b = 0; b < batch; b++) for (int p = 0; p < 30; p++) pvT[p][b] = pv[b * 30 + p];
        double[] byRow = new double[batch * 4];
        double[][] byCol = new double[4][batch];
        for (double[] row : byCol) java.util.Arrays.fill(row, Double.NaN); // garbage: must be overwritten
        rows.mvm(reg, new PairVolts(pv, batch), byRow);
        cols.mvm(reg, new PairVoltColumns(pvT, batch), byCol);
        for (int b = 0; b < batch; b++)
          for (int j = 0; j < 4; j++) assertEquals(byRow[b * 4 + j], byCol[j][b], "batch " + batch + " vector " + b + " column " + j);
      }
      assertEquals(rows.counters(), cols.counters());
    }
  }

  @Test
  void columnLayoutRejectsABadVoltageBeforeCounting() {
    SimulatedBoard b = SimulatedBoard.of(DeviceModel.paper(), 1, ROWS, COLS, 6, WORKERS);
    Region reg = region(3, 2, 0, 0);
    for (double bad : new double[] {0.25, -0.3, Double.NaN}) {
      double[][] v = {{0.1, 0.0}, {0.0, bad}, {-0.2, 0.2}};
      var e = assertThrows(IllegalArgumentException.class, () -> b.mvm(reg, new PairVoltColumns(v, 2), new double[2][2]));
      assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }
    assertEquals(0, b.counters().mvmVectors());
  }

  @Test
  void pulsesInvalidateTheCachedConductances() {
    SimulatedBoard b = SimulatedBoard.of(DeviceModel.paper(), 1, ROWS, COLS, 4, WORKERS);
    Region reg = region(9, 15, 0, 0);
    double[] pv = volts(64 * 9, 1), out = new double[64 * 15];
    b.mvm(reg, new PairVolts(pv, 64), out);
    assertArrayEquals(naive(b, reg, pv, 64), out);
    b.pulse(new PulseBatch(0, PulseKind.SET, 2.5, new int[] {0, 3, 17}, new int[] {0, 4, 14}, new double[] {1.5, 1.2, 1.9}));
    b.mvm(reg, new PairVolts(pv, 64), out);
    assertArrayEquals(naive(b, reg, pv, 64), out);
  }

  @Test
  void restoringAStateRefreshesTheCachedConductances() throws java.io.IOException {
    SimulatedBoard b = SimulatedBoard.of(DeviceModel.paper(), 1, ROWS, COLS, 4, WORKERS);
    Region reg = region(9, 15, 0, 0);
    double[] pv = volts(64 * 9, 1), before = new double[64 * 15], out = new double[64 * 15];
    java.io.ByteArrayOutputStream saved = new java.io.ByteArrayOutputStream();
    b.writeState(new java.io.DataOutputStream(saved));
    b.mvm(reg, new PairVolts(pv, 64), before);
    b.pulse(new PulseBatch(0, PulseKind.SET, 2.5, new int[] {0, 3, 17}, new int[] {0, 4, 14}, new double[] {1.5, 1.2, 1.9}));
    b.mvm(reg, new PairVolts(pv, 64), out);
    assertFalse(java.util.Arrays.equals(before, out), "the pulses changed the products");
    b.readState(new java.io.DataInputStream(new java.io.ByteArrayInputStream(saved.toByteArray())));
    b.mvm(reg, new PairVolts(pv, 64), out);
    assertArrayEquals(before, out, "the restored conductances, not the cached ones");
  }

  @Test
  void outOfRangeVoltageIsRejectedBeforeCounting() {
    SimulatedBoard b = SimulatedBoard.of(DeviceModel.paper(), 1, ROWS, COLS, 5, WORKERS);
    Region reg = region(4, 3, 0, 0);
    double[] pv = volts(2 * 4, 2);
    pv[5] = 0.3;
    long before = b.counters().commands();
    var e = assertThrows(IllegalArgumentException.class, () -> b.mvm(reg, new PairVolts(pv, 2), new double[6]));
    assertEquals("row voltage 0.3 V outside ±0.2 V", e.getMessage());
    assertEquals(before, b.counters().commands());
  }

  @Test
  void boardScaledDrivesGiveExactlyTheCurrentsOfInputScalingVoltages() {
    SimulatedBoard b = SimulatedBoard.of(DeviceModel.paper(), 1, ROWS, COLS, 3, WORKERS);
    for (int batch : new int[] {1, 7, 300, 5000}) {
      Region reg = region(30, 4, 2, 5);
      SplittableRandom r = new SplittableRandom(batch);
      // 15 inputs, each driving two pairs (as a tile with two row copies), magnitudes spread over
      // decades; vector 0 is all zeros.
      double[][] in = new double[15][batch];
      for (double[] row : in) for (int v = 1; v < batch; v++) row[v] = r.nextDouble(-1, 1) * Math.pow(10, r.nextInt(-3, 3));
      double[][] pairs = new double[30][];
      for (int p = 0; p < 30; p++) pairs[p] = in[p % 15];
      double[] scales = new double[batch], expectedScales = new double[batch];
      double[][] volts = new double[30][batch];
      int clamped = 0;
      for (int v = 0; v < batch; v++) {
        double m = 0;
        for (double[] row : in) m = Math.max(m, Math.abs(row[v]));
        expectedScales[v] = InputScaling.scale(m, 0.2);
        if (m * expectedScales[v] > 0.2) clamped++;
        for (int p = 0; p < 30; p++) volts[p][v] = InputScaling.volts(pairs[p][v], expectedScales[v], 0.2);
      }
      double[][] expected = new double[4][batch], auto = new double[4][batch], scaled = new double[4][batch];
      // Outputs start as garbage: every path must overwrite them.
      for (double[][] o : new double[][][] {expected, auto, scaled}) for (double[] row : o) java.util.Arrays.fill(row, Double.NaN);
      b.mvm(reg, new PairVoltColumns(volts, batch), expected);
      long before = b.counters().commands();
      assertTrue(b.mvm(reg, new AutoScaledColumns(pairs, batch, scales, null), auto));
      b.mvm(reg, new ScaledColumns(pairs, expectedScales, batch), scaled);
      assertEquals(before + 2, b.counters().commands(), "one command each");
      assertArrayEquals(expectedScales, scales, "batch " + batch);
      // Inputs produced on demand: every column filled exactly once, before it is read.
      double[][] lazy = new double[15][batch];
      for (double[] row : lazy) java.util.Arrays.fill(row, Double.NaN);
      double[][] lazyPairs = new double[30][];
      for (int p = 0; p < 30; p++) lazyPairs[p] = lazy[p % 15];
      int[] filled = new int[batch];
      double[][] onDemand = new double[4][batch];
      double[] lazyScales = new double[batch];
      assertTrue(b.mvm(reg, new AutoScaledColumns(lazyPairs, batch, lazyScales, (from, to) -> {
        for (int v = from; v < to; v++) filled[v]++;
        for (int i = 0; i < 15; i++) System.arraycopy(in[i], from, lazy[i], from, to - from);
      }), onDemand));
      for (int v = 0; v < batch; v++) assertEquals(1, filled[v], "column " + v + " filled once");
      assertArrayEquals(expectedScales, lazyScales, "filled on demand, batch " + batch);
      for (int j = 0; j < 4; j++) assertArrayEquals(expected[j], onDemand[j], "filled on demand, batch " + batch + ", column " + j);
      for (int j = 0; j < 4; j++) {
        assertArrayEquals(expected[j], auto[j], "auto-scaled, batch " + batch + ", column " + j);
        assertArrayEquals(expected[j], scaled[j], "scaled, batch " + batch + ", column " + j);
      }
      if (batch == 5000) assertTrue(clamped > 50, "the clamp path is exercised: " + clamped + " vectors");
    }
  }

  @Test
  void aWholeTileOfADenseLayerGivesTheNaiveSums() {
    // A whole tile of a dense layer: 62 pairs (two left over after groups of four) and 63 columns
    // (one left over after pairs of outputs); batches of one and two column tiles.
    SimulatedBoard b = SimulatedBoard.of(DeviceModel.paper(), 1, ROWS, COLS, 8, WORKERS);
    Region reg = region(62, 63, 2, 1);
    for (int batch : new int[] {100, 300, 511}) {
      SplittableRandom r = new SplittableRandom(batch);
      double[][] in = new double[62][batch];
      for (double[] row : in) for (int v = 0; v < batch; v++) row[v] = r.nextDouble(-1, 1) * Math.pow(10, r.nextInt(-2, 2));
      double[] scales = new double[batch], pv = new double[batch * 62];
      for (int v = 0; v < batch; v++) {
        double m = 0;
        for (double[] row : in) m = Math.max(m, Math.abs(row[v]));
        scales[v] = InputScaling.scale(m, 0.2);
        for (int p = 0; p < 62; p++) pv[v * 62 + p] = InputScaling.volts(in[p][v], scales[v], 0.2);
      }
      double[][] scaled = new double[63][batch];
      for (double[] row : scaled) java.util.Arrays.fill(row, Double.NaN); // garbage: must be overwritten
      b.mvm(reg, new ScaledColumns(in, scales, batch), scaled);
      double[] expected = naive(b, reg, pv, batch);
      for (int v = 0; v < batch; v++)
        for (int j = 0; j < 63; j++) assertEquals(expected[v * 63 + j], scaled[j][v], "batch " + batch + " vector " + v + " column " + j);
    }
  }

  @Test
  void boardScaledDriveRefusesNaN() {
    SimulatedBoard b = SimulatedBoard.of(DeviceModel.paper(), 1, ROWS, COLS, 3, WORKERS);
    Region reg = region(3, 2, 0, 0);
    double[][] in = {{0.1, 0.2}, {0.3, Double.NaN}, {0.0, 0.1}};
    long before = b.counters().commands();
    assertFalse(b.mvm(reg, new AutoScaledColumns(in, 2, new double[2], null), new double[2][2]));
    assertEquals(before, b.counters().commands(), "nothing counted");
  }
}
