package insitu.boards.sim;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardOpener;
import insitu.boards.PulseBatch;
import insitu.boards.PulseKind;
import insitu.boards.Region;
import insitu.boards.drive.RowVolts;
import insitu.numeric.parallel.Workers;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SimulatedBoardTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  private static final int ROWS = 128, COLS = 64;

  private static PulseBatch all(PulseKind kind, double amp, double gate) {
    int n = ROWS * COLS;
    int[] r = new int[n], c = new int[n];
    double[] g = new double[n];
    for (int k = 0; k < n; k++) {
      r[k] = k / COLS;
      c[k] = k % COLS;
      g[k] = gate;
    }
    return new PulseBatch(0, kind, amp, r, c, g);
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElseThrow();
  }

  private static double std(double[] v) {
    double m = mean(v);
    return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
  }

  private static double[] readAll(SimulatedBoard b) {
    double[] g = new double[ROWS * COLS];
    b.read(Region.rect(0, 0, ROWS, 0, COLS), g);
    return g;
  }

  @Test
  void initialConductancesAreUniformBetween50And100MicroSiemens() {
    double[] g = readAll(SimulatedBoard.of(DeviceModel.paper(), 1, ROWS, COLS, 1, WORKERS));
    // U(50,100) µS: mean 75, σ = 50/√12 = 14.43; standard error of the mean over 8192 cells is 0.16 µS.
    assertEquals(75e-6, mean(g), 0.6e-6);
    assertEquals(50e-6 / Math.sqrt(12), std(g), 0.5e-6);
    assertTrue(Arrays.stream(g).allMatch(x -> x >= 50e-6 && x <= 100e-6));
  }

  @Test
  void setLandsOnGateTargetWithEightMicroSiemensNoise() {
    SimulatedBoard b = SimulatedBoard.of(DeviceModel.paper(), 1, ROWS, COLS, 2, WORKERS);
    b.pulse(all(PulseKind.RESET, 1.7, 5));
    b.pulse(all(PulseKind.SET, 2.5, 1.6));
    double[] g = readAll(b);
    // Target 181.8 µS/V × 1.6 V = 290.9 µS; σ = 8 µS, so the mean is within 0.09 µS (1σ) of the target
    // plus the small positive bias of the RESET noise clipped at 0 (max(G_reset, target) = target).
    assertEquals(200e-6 / 1.1 * 1.6, mean(g), 0.5e-6);
    assertEquals(8e-6, std(g), 0.4e-6);
  }

  @Test
  void resetSendsDevicesToZeroPlusClippedNoise() {
    SimulatedBoard b = SimulatedBoard.of(DeviceModel.paper(), 1, ROWS, COLS, 3, WORKERS);
    b.pulse(all(PulseKind.RESET, 1.7, 5));
    double[] g = readAll(b);
    // max(0, N(0, 8 µS)): mean σ/√(2π) = 3.19 µS, half of the cells exactly 0.
    assertEquals(8e-6 / Math.sqrt(2 * Math.PI), mean(g), 0.2e-6);
    long zeros = Arrays.stream(g).filter(x -> x == 0).count();
    assertEquals(0.5, zeros / (double) g.length, 0.03);
  }

  @Test
  void setNeverLowersAConductanceInThePaperModel() {
    SimulatedBoard b = SimulatedBoard.of(DeviceModel.paper().withWriteNoise(0), 1, ROWS, COLS, 4, WORKERS);
    b.pulse(all(PulseKind.SET, 2.5, 2.0));
    double[] high = readAll(b);
    b.pulse(all(PulseKind.SET, 2.5, 0.5));
    assertArrayEquals(high, readAll(b));
  }

  @Test
  void idealSetLandsExactlyOnTarget() {
    SimulatedBoard b = SimulatedBoard.of(DeviceModel.ideal(), 1, ROWS, COLS, 5, WORKERS);
    b.pulse(all(PulseKind.SET, 2.5, 1.1));
    for (double g : readAll(b)) assertEquals(200e-6, g, 1e-18);
    b.pulse(all(PulseKind.RESET, 1.7, 5));
    for (double g : readAll(b)) assertEquals(0, g);
  }

  @Test
  void stuckFractionMatchesTheSpec() {
    SimulatedBoard b = (SimulatedBoard) BoardOpener.open("sim:paper?stuck=0.1&rows=128&cols=64", 6);
    b.pulse(all(PulseKind.RESET, 1.7, 5));
    b.pulse(all(PulseKind.SET, 2.5, 2.0));
    long unresponsive = Arrays.stream(readAll(b)).filter(g -> g < 300e-6).count();
    // 10 % stuck (half off at 0, half on at 500 µS); programmed cells sit at 363.6 µS ± 8 µS.
    long stuckOn = Arrays.stream(readAll(b)).filter(g -> g == 500e-6).count();
    assertEquals(0.05, unresponsive / 8192.0, 0.008);
    assertEquals(0.05, stuckOn / 8192.0, 0.008);
  }

  @Test
  void sameSeedSameConductances() {
    double[] a = run(11), b = run(11), c = run(12);
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c));
  }

  private static double[] run(long seed) {
    SimulatedBoard b = SimulatedBoard.of(DeviceModel.paper(), 1, ROWS, COLS, seed, WORKERS);
    b.pulse(all(PulseKind.RESET, 1.7, 5));
    b.pulse(all(PulseKind.SET, 2.5, 1.3));
    return readAll(b);
  }

  @Test
  void mvmOnIdealBoardEqualsFloatMath() {
    SimulatedBoard b = SimulatedBoard.of(DeviceModel.ideal(), 1, ROWS, COLS, 7, WORKERS);
    java.util.SplittableRandom r = new java.util.SplittableRandom(7);
    int n = ROWS * COLS;
    int[] rr = new int[n], cc = new int[n];
    double[] gates = new double[n];
    for (int k = 0; k < n; k++) {
      rr[k] = k / COLS;
      cc[k] = k % COLS;
      gates[k] = 0.5 + 2 * r.nextDouble();
    }
    b.pulse(new PulseBatch(0, PulseKind.SET, 2.5, rr, cc, gates));
    double[] g = readAll(b);
    int batch = 5;
    double[] v = new double[batch * ROWS];
    for (int k = 0; k < v.length; k++) v[k] = 0.4 * r.nextDouble() - 0.2;
    double[] out = new double[batch * COLS];
    b.mvm(Region.rect(0, 0, ROWS, 0, COLS), new RowVolts(v, batch), out);
    for (int s = 0; s < batch; s++)
      for (int j = 0; j < COLS; j++) {
        double expect = 0;
        for (int i = 0; i < ROWS; i++) expect += (200e-6 / 1.1 * gates[i * COLS + j]) * v[s * ROWS + i];
        assertEquals(expect, out[s * COLS + j], 1e-15);
      }
  }

  @Test
  void rejectsPulsesBeyondVoltageLimits() {
    SimulatedBoard b = SimulatedBoard.of(DeviceModel.paper(), 1, ROWS, COLS, 8, WORKERS);
    double[] before = readAll(b);
    var bad = new PulseBatch(0, PulseKind.SET, 2.5, new int[] {0, 1}, new int[] {0, 0}, new double[] {1.0, 9.0});
    var e = assertThrows(IllegalArgumentException.class, () -> b.pulse(bad));
    assertTrue(e.getMessage().contains("gate voltage 9.0"));
    assertArrayEquals(before, readAll(b), "nothing of a rejected batch is applied");
    assertThrows(IllegalArgumentException.class, () -> b.mvm(Region.rect(0, 0, 2, 0, 2), new RowVolts(new double[] {0.5, 0}, 1), new double[2]));
    assertThrows(IllegalArgumentException.class, () -> b.read(Region.rect(0, 120, 10, 0, 2), new double[20]));
  }

  @Test
  void adcQuantizesColumnCurrents() {
    SimulatedBoard b = (SimulatedBoard) BoardOpener.open("sim:ideal?adcBits=4&rows=2&cols=1", 1);
    b.pulse(new PulseBatch(0, PulseKind.SET, 2.5, new int[] {0}, new int[] {0}, new double[] {1.1}));
    double[] out = new double[1];
    b.mvm(Region.rect(0, 0, 2, 0, 1), new RowVolts(new double[] {0.1, 0}, 1), out);
    double step = 2e-3 / 15; // full scale ±1 mA over 4 bits
    assertEquals(Math.round(20e-6 / step) * step, out[0], 1e-15);
  }

  @Test
  void unknownBoardListsValidOnes() {
    var e = assertThrows(IllegalArgumentException.class, () -> BoardOpener.open("sim:quantum", 1));
    assertTrue(e.getMessage().contains("paper") && e.getMessage().contains("ideal"));
    var e2 = assertThrows(IllegalArgumentException.class, () -> BoardOpener.open("fpga", 1));
    assertTrue(e2.getMessage().contains("sim:paper"));
  }
}
