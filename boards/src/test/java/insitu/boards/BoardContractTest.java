package insitu.boards;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.drive.AutoScaledColumns;
import insitu.boards.drive.ColumnDrive;
import insitu.boards.drive.FeatureMaps;
import insitu.boards.drive.PairVoltColumns;
import insitu.boards.drive.PairVolts;
import insitu.boards.drive.RowVolts;
import insitu.boards.drive.ScaledColumns;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import insitu.numeric.parallel.Workers;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Board} keeps, run against the simulated board, the serial board over
 * an in-memory pipe and the serial board over a real pseudo-terminal. Results must equal those of
 * an in-process simulated board with the same seed bit for bit (doubles compared with ==).
 */
public abstract class BoardContractTest {
  protected static final long SEED = 42;
  /** Paper devices plus 1 % read noise, so reads draw from the generator too. */
  protected static final DeviceModel MODEL = DeviceModel.paper().withReadNoise(0.01);
  protected static final BoardSpec SPEC = SimulatedBoard.specFor(MODEL, 2, 16, 8)
      .withDefects(DefectMap.none().withBadRow(1, 3).withBadCol(0, 6).withBadCell(0, 2, 2));

  protected Board board;
  protected SimulatedBoard reference;
  /** Threads of the simulated boards (parallel regions really run in parallel). */
  protected Workers workers;

  /** Returns the board under test, serving (directly or through a link) {@code devices}. */
  protected abstract Board open(SimulatedBoard devices) throws Exception;

  protected void cleanUp() throws Exception { }

  @BeforeEach
  void openBoards() throws Exception {
    workers = new Workers(2);
    reference = new SimulatedBoard(SPEC, MODEL, SEED, workers);
    board = open(new SimulatedBoard(SPEC, MODEL, SEED, workers));
  }

  @AfterEach
  void closeBoards() throws Exception {
    if (board != null) board.close();
    cleanUp();
    workers.close();
  }

  @Test
  void specRoundTripsWithDefectMap() {
    assertEquals(reference.spec(), board.spec());
  }

  @Test
  void randomCommandSequenceGivesExactlyTheSimulatorsNumbers() {
    SplittableRandom r = new SplittableRandom(7);
    for (int step = 0; step < 60; step++) {
      int array = r.nextInt(SPEC.arrays());
      switch (r.nextInt(3)) {
        case 0 -> {
          PulseBatch b = randomPulses(r, array, 1 + r.nextInt(6));
          board.pulse(b);
          reference.pulse(b);
        }
        case 1 -> {
          Region g = randomRegion(r, array);
          double[] got = new double[g.cellCount()], want = new double[g.cellCount()];
          board.read(g, got);
          reference.read(g, want);
          assertExactlyEqual(want, got, "read at step " + step);
        }
        default -> {
          Region g = randomRegion(r, array);
          int batch = 1 + r.nextInt(4);
          double[] v = new double[batch * g.rowCount()];
          for (int k = 0; k < v.length; k++) v[k] = SPEC.readVolts() * (2 * r.nextDouble() - 1);
          double[] got = new double[batch * g.colCount()], want = new double[batch * g.colCount()];
          board.mvm(g, new RowVolts(v, batch), got);
          reference.mvm(g, new RowVolts(v, batch), want);
          assertExactlyEqual(want, got, "mvm at step " + step);
        }
      }
    }
    BoardCounters c = board.counters(), w = reference.counters();
    assertEquals(w.pulses(), c.pulses());
    assertEquals(w.cellReads(), c.cellReads());
    assertEquals(w.mvmVectors(), c.mvmVectors());
    assertEquals(w.commands(), c.commands());
    Region all = Region.rect(0, 0, SPEC.rows(), 0, SPEC.cols());
    double[] got = new double[all.cellCount()], want = new double[all.cellCount()];
    board.read(all, got);
    reference.read(all, want);
    assertExactlyEqual(want, got, "final full read");
  }

  @Test
  void fullArrayReadAndWideMvmMatch() {
    Region all = Region.rect(1, 0, SPEC.rows(), 0, SPEC.cols());
    double[] got = new double[all.cellCount()], want = new double[all.cellCount()];
    board.read(all, got);
    reference.read(all, want);
    assertExactlyEqual(want, got, "full read");
    int batch = 20;
    double[] v = new double[batch * SPEC.rows()];
    for (int k = 0; k < v.length; k++) v[k] = (k % 7 - 3) * SPEC.readVolts() / 3;
    double[] gotI = new double[batch * SPEC.cols()], wantI = new double[batch * SPEC.cols()];
    board.mvm(all, new RowVolts(v, batch), gotI);
    reference.mvm(all, new RowVolts(v, batch), wantI);
    assertExactlyEqual(wantI, gotI, "batched mvm");
  }

  @Test
  void limitViolationsAreRejectedAndNothingRuns() {
    BoardCounters before = board.counters();
    int[] one = {0};
    assertThrows(IllegalArgumentException.class, () -> board.read(Region.rect(0, SPEC.rows() - 1, 2, 0, 1), new double[2]), "row past the end");
    assertThrows(IllegalArgumentException.class, () -> board.read(Region.rect(SPEC.arrays(), 0, 1, 0, 1), new double[1]), "array past the end");
    assertThrows(IllegalArgumentException.class,
        () -> board.pulse(new PulseBatch(0, PulseKind.SET, SPEC.maxSetVolts() + 0.5, one, one, new double[] {1})), "amplitude");
    assertThrows(IllegalArgumentException.class,
        () -> board.pulse(new PulseBatch(0, PulseKind.SET, 2, one, one, new double[] {SPEC.maxGateVolts() + 1})), "gate");
    assertThrows(IllegalArgumentException.class,
        () -> board.pulse(new PulseBatch(0, PulseKind.RESET, 2, new int[] {0, SPEC.rows()}, new int[] {0, 0}, new double[] {1, 1})), "cell");
    Region g = Region.rect(0, 0, 2, 0, 2);
    assertThrows(IllegalArgumentException.class,
        () -> board.mvm(g, new RowVolts(new double[] {0.1, SPEC.readVolts() * 1.5}, 1), new double[2]), "row voltage");
    assertEquals(before, board.counters(), "counters unchanged by refused commands");
    // Not in the counter check: SimulatedBoard.read counts a command before it checks the buffer size.
    assertThrows(IllegalArgumentException.class, () -> board.read(Region.rect(0, 0, 2, 0, 2), new double[3]), "short output buffer");
    // Nothing ran: the board still matches a reference that never saw the bad commands.
    double[] got = new double[g.cellCount()], want = new double[g.cellCount()];
    board.read(g, got);
    reference.read(g, want);
    assertExactlyEqual(want, got, "state after refused commands");
  }

  @Test
  void differentialMvmMatchesTheSimulator() {
    Region g = Region.rect(1, 2, 6, 1, 5);
    int batch = 7;
    double[] v = new double[batch * 3];
    for (int k = 0; k < v.length; k++) v[k] = SPEC.readVolts() * Math.sin(3.7 * k);
    double[] got = new double[batch * 5], want = new double[batch * 5];
    board.mvm(g, new PairVolts(v, batch), got);
    reference.mvm(g, new PairVolts(v, batch), want);
    assertExactlyEqual(want, got, "differential mvm");
    assertEquals(reference.counters(), withoutRetries(board.counters()));
  }

  /** Column drives (pair volts, scaled and auto-scaled inputs) give the simulator's currents, scales and counters. */
  @Test
  void columnDrivesMatchTheSimulator() {
    Region g = Region.rect(0, 4, 8, 0, 5); // 4 pairs
    int batch = 6;
    double[][] volts = new double[4][batch], inputs = new double[4][batch];
    for (int p = 0; p < 4; p++)
      for (int b = 0; b < batch; b++) {
        volts[p][b] = SPEC.readVolts() * Math.sin(1.9 * p + 0.7 * b);
        inputs[p][b] = b == 0 ? 0 : 40 * Math.cos(2.3 * p - 1.1 * b);
      }
    double[] scales = {1, 0.01, 0.02, 0.003, 0.5, 0.05};
    java.util.List<java.util.function.Supplier<ColumnDrive>> drives = java.util.List.of(() -> new PairVoltColumns(volts, batch),
        () -> new ScaledColumns(inputs, scales, batch), () -> new AutoScaledColumns(inputs, batch, new double[batch], null));
    for (var drive : drives) {
      ColumnDrive ours = drive.get(), theirs = drive.get();
      double[][] got = new double[5][batch], want = new double[5][batch];
      assertTrue(board.mvm(g, ours, got));
      assertTrue(reference.mvm(g, theirs, want));
      for (int j = 0; j < 5; j++) assertExactlyEqual(want[j], got[j], ours.getClass().getSimpleName() + " column " + j);
      if (ours instanceof AutoScaledColumns a) assertExactlyEqual(((AutoScaledColumns) theirs).outScales(), a.outScales(), "scales");
    }
    assertEquals(reference.counters(), withoutRetries(board.counters()));
  }

  /**
   * Patches unfolded by the board equal the differential drive of patches unfolded here by the
   * plain definition (zero padding, each patch scaled to the read voltage, copies of the pairs).
   */
  @Test
  void patchMvmUnfoldsScalesAndDrivesLikeTheDefinition() {
    // 2 channels of 4×5, 2×1 kernel, stride 1×2, pads 1/0/1/1, dilation 2×1: 4-element patches, two copies on 16 rows.
    PatchGeometry geo = new PatchGeometry(2, 4, 5, 2, 1, 1, 2, 1, 0, 1, 1, 2, 1);
    int samples = 3, copies = 2, k = geo.patchSize();
    Region g = Region.rect(0, 0, 2 * k * copies, 0, 6);
    double[] maps = new double[samples * geo.mapSize()];
    for (int i = 0; i < maps.length; i++) maps[i] = i % 11 == 0 ? 0 : 3.5 * Math.cos(1.3 * i);
    java.util.Arrays.fill(maps, geo.mapSize(), 2 * geo.mapSize(), 0); // sample 1 all zero: scale 1
    int vectors = samples * geo.patchesPerSample();
    double[] got = new double[vectors * 6], want = new double[vectors * 6], byDefinition = new double[vectors * 6];
    board.mvm(g, new FeatureMaps(geo, maps, samples), got);
    reference.mvm(g, new FeatureMaps(geo, maps, samples), want);
    assertExactlyEqual(want, got, "patch mvm against the simulator");
    SimulatedBoard plain = new SimulatedBoard(SPEC, MODEL, SEED, workers);
    plain.mvm(g, new PairVolts(unfoldedByDefinition(geo, maps, samples, copies), vectors), byDefinition);
    assertExactlyEqual(byDefinition, want, "patch mvm against the definition");
    assertEquals(reference.counters(), withoutRetries(board.counters()));
  }

  @Test
  void patchMvmRefusesNaNAndRowsThatAreNotWholePatchesAndRunsNothing() {
    BoardCounters before = board.counters();
    PatchGeometry geo = new PatchGeometry(1, 3, 3, 2, 2, 1, 1, 0, 0, 0, 0, 1, 1);
    double[] maps = new double[9];
    maps[4] = Double.NaN;
    assertThrows(IllegalArgumentException.class, () -> board.mvm(Region.rect(0, 0, 8, 0, 2), new FeatureMaps(geo, maps, 1), new double[8]), "NaN");
    assertThrows(IllegalArgumentException.class, () -> board.mvm(Region.rect(0, 0, 6, 0, 2), new FeatureMaps(geo, new double[9], 1), new double[8]),
        "6 rows are not whole 4-pair patches");
    assertThrows(IllegalArgumentException.class, () -> board.mvm(Region.rect(0, 0, 8, 0, 2), new FeatureMaps(geo, new double[8], 1), new double[8]),
        "short maps");
    assertEquals(before, board.counters(), "counters unchanged by refused commands");
  }

  /** The patches' differential drive by the plain definition, independent of {@link PatchGeometry#pairVolts}. */
  private static double[] unfoldedByDefinition(PatchGeometry geo, double[] maps, int samples, int copies) {
    int k = geo.patchSize();
    double[] out = new double[samples * geo.patchesPerSample() * k * copies];
    int at = 0;
    for (int s = 0; s < samples; s++)
      for (int oy = 0; oy < geo.outHeight(); oy++)
        for (int ox = 0; ox < geo.outWidth(); ox++) {
          double[] u = new double[k];
          double m = 0;
          for (int ch = 0; ch < geo.channels(); ch++)
            for (int ky = 0; ky < geo.kernelH(); ky++)
              for (int kx = 0; kx < geo.kernelW(); kx++) {
                int y = oy * geo.strideH() + ky * geo.dilationH() - geo.padTop(), x = ox * geo.strideW() + kx * geo.dilationW() - geo.padLeft();
                double val = y < 0 || y >= geo.height() || x < 0 || x >= geo.width() ? 0
                    : maps[s * geo.mapSize() + (ch * geo.height() + y) * geo.width() + x];
                u[(ch * geo.kernelH() + ky) * geo.kernelW() + kx] = val;
                m = Math.max(m, Math.abs(val));
              }
          double scale = m > 0 ? SPEC.readVolts() / m : 1;
          for (int c = 0; c < copies; c++)
            for (int e = 0; e < k; e++) out[at + c * k + e] = Math.max(-SPEC.readVolts(), Math.min(SPEC.readVolts(), u[e] * scale));
          at += k * copies;
        }
    return out;
  }

  private static BoardCounters withoutRetries(BoardCounters c) {
    return new BoardCounters(c.pulses(), c.cellReads(), c.mvmVectors(), c.commands(), 0);
  }

  protected static PulseBatch randomPulses(SplittableRandom r, int array, int n) {
    int[] rows = new int[n], cols = new int[n];
    double[] gates = new double[n];
    for (int k = 0; k < n; k++) {
      rows[k] = r.nextInt(SPEC.rows());
      cols[k] = r.nextInt(SPEC.cols());
      gates[k] = r.nextDouble() * SPEC.maxGateVolts();
    }
    PulseKind kind = r.nextInt(4) == 0 ? PulseKind.RESET : PulseKind.SET;
    return new PulseBatch(array, kind, 1 + r.nextDouble() * 2, rows, cols, gates);
  }

  protected static Region randomRegion(SplittableRandom r, int array) {
    int nr = 1 + r.nextInt(4), nc = 1 + r.nextInt(3);
    int[] rows = new int[nr], cols = new int[nc];
    for (int i = 0; i < nr; i++) rows[i] = r.nextInt(SPEC.rows());
    for (int j = 0; j < nc; j++) cols[j] = r.nextInt(SPEC.cols());
    return new Region(array, rows, cols);
  }

  protected static void assertExactlyEqual(double[] want, double[] got, String what) {
    assertEquals(want.length, got.length, what + ": length");
    for (int k = 0; k < want.length; k++)
      if (want[k] != got[k]) fail(what + ": value " + k + " is " + got[k] + ", simulator gave " + want[k]);
  }
}
