package insitu.boards;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
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

  /** Returns the board under test, serving (directly or through a link) {@code devices}. */
  protected abstract Board open(SimulatedBoard devices) throws Exception;

  protected void cleanUp() throws Exception { }

  @BeforeEach
  void openBoards() throws Exception {
    reference = new SimulatedBoard(SPEC, MODEL, SEED);
    board = open(new SimulatedBoard(SPEC, MODEL, SEED));
  }

  @AfterEach
  void closeBoards() throws Exception {
    if (board != null) board.close();
    cleanUp();
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
          board.mvm(g, v, batch, got);
          reference.mvm(g, v, batch, want);
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
    board.mvm(all, v, batch, gotI);
    reference.mvm(all, v, batch, wantI);
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
        () -> board.mvm(g, new double[] {0.1, SPEC.readVolts() * 1.5}, 1, new double[2]), "row voltage");
    assertEquals(before, board.counters(), "counters unchanged by refused commands");
    // Not in the counter check: SimulatedBoard.read counts a command before it checks the buffer size.
    assertThrows(IllegalArgumentException.class, () -> board.read(Region.rect(0, 0, 2, 0, 2), new double[3]), "short output buffer");
    // Nothing ran: the board still matches a reference that never saw the bad commands.
    double[] got = new double[g.cellCount()], want = new double[g.cellCount()];
    board.read(g, got);
    reference.read(g, want);
    assertExactlyEqual(want, got, "state after refused commands");
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
