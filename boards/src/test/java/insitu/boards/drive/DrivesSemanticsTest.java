package insitu.boards.drive;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.Board;
import insitu.boards.BoardCounters;
import insitu.boards.BoardSpec;
import insitu.boards.PatchGeometry;
import insitu.boards.PulseBatch;
import insitu.boards.Region;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import insitu.numeric.parallel.Workers;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every drive on the simulator gives, bit for bit, the currents, scales and counters of its meaning
 * as {@link Drives} defines it: the same drive on a twin board (same spec, devices and seed) that
 * only knows row voltages and hands every other drive to {@code Drives}. Boards of every kind of
 * device: ideal, paper (pairs as one device), paper with read noise (drawn per device), paper with
 * an ADC, realistic (device physics and a readout chain); batches small and large enough to split
 * over the cores.
 */
class DrivesSemanticsTest {
  private static final Workers WORKERS = new Workers(2);
  private static final int ROWS = 40, COLS = 12;

  @AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  private static final DeviceModel[] MODELS = {DeviceModel.ideal(), DeviceModel.paper(), DeviceModel.paper().withReadNoise(0.01),
      DeviceModel.realistic()};

  /** The reference: row volts go to the simulator, every other drive through {@link Drives}. */
  private static final class RowVoltsOnly implements Board {
    private final Board inner;

    RowVoltsOnly(Board inner) {
      this.inner = inner;
    }

    @Override public BoardSpec spec() { return inner.spec(); }
    @Override public void pulse(PulseBatch b) { inner.pulse(b); }
    @Override public void read(Region r, double[] out) { inner.read(r, out); }

    @Override public void mvm(Region r, RowDrive drive, double[] out) {
      if (drive instanceof RowVolts) inner.mvm(r, drive, out);
      else Drives.mvm(this, r, drive, out);
    }

    @Override public boolean mvm(Region r, ColumnDrive drive, double[][] out) { return Drives.mvm(this, r, drive, out); }
    @Override public BoardCounters counters() { return inner.counters(); }
    @Override public void close() { inner.close(); }
  }

  private static SimulatedBoard board(DeviceModel model, boolean adc) {
    BoardSpec spec = SimulatedBoard.specFor(model, 1, ROWS, COLS);
    if (adc && model.readout().isNone())
      spec = new BoardSpec(spec.name(), 1, ROWS, COLS, spec.minSiemens(), spec.maxSiemens(), spec.readVolts(), spec.maxSetVolts(),
          spec.maxResetVolts(), spec.maxGateVolts(), 10, 2e-4, spec.defects());
    SimulatedBoard b = new SimulatedBoard(spec, model, 11, WORKERS);
    // Spread the conductances (the paper board starts them uniform, the ideal one at zero).
    SplittableRandom r = new SplittableRandom(5);
    int n = 200;
    int[] rows = new int[n], cols = new int[n];
    double[] gates = new double[n];
    for (int k = 0; k < n; k++) {
      rows[k] = r.nextInt(ROWS);
      cols[k] = r.nextInt(COLS);
      gates[k] = 0.5 + 2 * r.nextDouble();
    }
    b.pulse(new PulseBatch(0, insitu.boards.PulseKind.SET, 2.5, rows, cols, gates));
    return b;
  }

  /** Runs the same drive on the simulator and on its row-volts-only twin; compares currents and counters. */
  private static void assertSameOnBoth(String what, Function<Board, double[]> run) {
    for (DeviceModel model : MODELS)
      for (boolean adc : new boolean[] {false, true}) {
        if (adc && !model.readout().isNone()) continue;
        SimulatedBoard sim = board(model, adc);
        Board reference = new RowVoltsOnly(board(model, adc));
        String at = what + " on " + model.name() + (adc ? " with an ADC" : "");
        double[] want = run.apply(reference), got = run.apply(sim);
        assertEquals(want.length, got.length, at);
        for (int k = 0; k < want.length; k++)
          assertEquals(Double.doubleToRawLongBits(want[k]), Double.doubleToRawLongBits(got[k]), at + " [" + k + "]: " + want[k] + " vs " + got[k]);
        assertEquals(reference.counters(), sim.counters(), at + ": counters");
      }
  }

  private static double[] volts(int n, long seed, double limit) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int k = 0; k < n; k++) v[k] = r.nextDouble(-limit, limit);
    return v;
  }

  /** Inputs over many decades; vector 0 all zeros; rows of copies share arrays, as a tile's. */
  private static double[][] inputs(int distinct, int pairs, int batch, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] in = new double[distinct][batch];
    for (double[] row : in) for (int b = 1; b < batch; b++) row[b] = r.nextDouble(-1, 1) * Math.pow(10, r.nextInt(-3, 3));
    double[][] x = new double[pairs][];
    for (int p = 0; p < pairs; p++) x[p] = in[p % distinct];
    return x;
  }

  private static double[] flatten(double[][] out, int batch, double[]... extra) {
    int n = out.length * batch;
    for (double[] e : extra) n += e.length;
    double[] all = new double[n];
    int at = 0;
    for (double[] row : out) {
      System.arraycopy(row, 0, all, at, batch);
      at += batch;
    }
    for (double[] e : extra) {
      System.arraycopy(e, 0, all, at, e.length);
      at += e.length;
    }
    return all;
  }

  private static final Region REGION = Region.rect(0, 2, 36, 1, 10); // 18 pairs × 10 columns

  @Test
  void pairVoltsAreTheirRowVolts() {
    for (int batch : new int[] {1, 5, 700})
      assertSameOnBoth("pair volts, batch " + batch, b -> {
        double[] out = new double[batch * 10];
        b.mvm(REGION, new PairVolts(volts(batch * 18, batch, 0.2), batch), out);
        return out;
      });
  }

  @Test
  void rowVoltsInPairsAndUnpaired() {
    for (int batch : new int[] {1, 300}) {
      double[] unpaired = volts(batch * 36, 3 + batch, 0.2);
      assertSameOnBoth("row volts, batch " + batch, b -> {
        double[] out = new double[batch * 10];
        b.mvm(REGION, new RowVolts(unpaired, batch), out);
        return out;
      });
    }
  }

  @Test
  void featureMapsAreThePairVoltsOfTheirPatches() {
    PatchGeometry geo = new PatchGeometry(2, 5, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1); // 18-element patches, 25 per sample
    for (int samples : new int[] {1, 30}) {
      double[] maps = volts(samples * geo.mapSize(), samples, 3);
      assertSameOnBoth("feature maps, " + samples + " samples", b -> {
        double[] out = new double[samples * geo.patchesPerSample() * 10];
        b.mvm(REGION, new FeatureMaps(geo, maps, samples), out);
        return out;
      });
    }
  }

  @Test
  void pairVoltColumnsArePairVoltsTransposed() {
    for (int batch : new int[] {1, 9, 3000}) {
      double[] flat = volts(18 * batch, 7 + batch, 0.2);
      double[][] v = new double[18][batch + 2]; // longer rows are allowed
      for (int p = 0; p < 18; p++) for (int b = 0; b < batch; b++) v[p][b] = flat[p * batch + b];
      assertSameOnBoth("pair volt columns, batch " + batch, b -> {
        double[][] out = new double[10][batch];
        assertTrue(b.mvm(REGION, new PairVoltColumns(v, batch), out));
        return flatten(out, batch);
      });
    }
  }

  @Test
  void scaledAndAutoScaledColumnsAreTheirInputScalingVolts() {
    for (int batch : new int[] {1, 3, 64, 3000}) {
      double[][] x = inputs(9, 18, batch, batch);
      double[] scales = new double[batch];
      for (int b = 0; b < batch; b++) {
        double m = 0;
        for (double[] row : x) m = Math.max(m, Math.abs(row[b]));
        scales[b] = insitu.boards.InputScaling.scale(m, 0.2);
      }
      assertSameOnBoth("scaled columns, batch " + batch, b -> {
        double[][] out = new double[10][batch];
        assertTrue(b.mvm(REGION, new ScaledColumns(x, scales, batch), out));
        return flatten(out, batch);
      });
      assertSameOnBoth("auto-scaled columns, batch " + batch, b -> {
        double[][] out = new double[10][batch];
        double[] found = new double[batch];
        int[] filled = new int[batch];
        assertTrue(b.mvm(REGION, new AutoScaledColumns(x, batch, found, (from, to) -> {
          for (int v = from; v < to; v++) filled[v]++;
        }), out));
        for (int v = 0; v < batch; v++) assertEquals(1, filled[v], "column " + v + " filled once");
        assertArrayEquals(scales, found, "the scales InputScaling gives");
        return flatten(out, batch, found);
      });
    }
  }

  @Test
  void aNaNInputIsRefusedBeforeAnythingIsCounted() {
    double[][] x = inputs(9, 18, 4, 2);
    x[3] = x[3].clone();
    x[3][2] = Double.NaN;
    for (DeviceModel model : MODELS) {
      SimulatedBoard sim = board(model, false);
      BoardCounters before = sim.counters();
      assertFalse(sim.mvm(REGION, new AutoScaledColumns(x, 4, new double[4], null), new double[10][4]), model.name());
      assertEquals(before, sim.counters(), model.name());
    }
  }
}
