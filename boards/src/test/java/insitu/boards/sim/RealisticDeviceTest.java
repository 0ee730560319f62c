package insitu.boards.sim;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardOpener;
import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import insitu.boards.PulseBatch;
import insitu.boards.PulseKind;
import insitu.boards.Region;
import insitu.boards.drive.PairVoltColumns;
import insitu.boards.drive.PairVolts;
import insitu.boards.drive.RowVolts;
import insitu.boards.drive.ScaledColumns;
import insitu.numeric.parallel.Workers;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The realistic preset against its own parameters. Tolerances are a few standard errors of the
 * measured statistic (stated per test); boards are 128×64 (8192 cells) unless said otherwise.
 */
class RealisticDeviceTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  private static final int ROWS = 128, COLS = 64, N = ROWS * COLS;
  private static final DeviceModel REAL = DeviceModel.realistic();
  private static final Region ALL = Region.rect(0, 0, ROWS, 0, COLS);

  private static PulseBatch all(PulseKind kind, double amp, double gate) {
    int[] r = new int[N], c = new int[N];
    double[] g = new double[N];
    for (int k = 0; k < N; k++) {
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

  /** Values of cells that are not stuck. */
  private static double[] responsive(SimulatedBoard b, double[] v) {
    return java.util.stream.IntStream.range(0, N).filter(k -> !b.isStuck(0, k / COLS, k % COLS)).mapToDouble(k -> v[k]).toArray();
  }

  private static void hardReset(SimulatedBoard b) {
    for (int i = 0; i < 4; i++) b.pulse(all(PulseKind.RESET, 3.0, 5));
  }

  @Test
  void presetParametersAreTheDocumentedOnes() {
    assertEquals(1e-6, REAL.minSiemens());
    assertEquals(40e-6, REAL.maxSiemens());
    assertEquals(1e-6, REAL.setTarget(0.8), 1e-12);
    assertEquals(40e-6, REAL.setTarget(3.0), 1e-12);
    assertEquals(39e-6 / 2.2, REAL.setSlopeSiemensPerVolt(), 1e-12);
    var spec = SimulatedBoard.specFor(REAL, 1, ROWS, COLS);
    assertEquals("sim:realistic", spec.name());
    assertEquals(16, spec.adcBits());
    assertEquals(1e-3, spec.fullScaleAmps());
    assertTrue(REAL.hasDevicePhysics());
    assertFalse(DeviceModel.paper().hasDevicePhysics());
    assertFalse(DeviceModel.ideal().hasDevicePhysics());
  }

  @Test
  void nothingHappensBelowTheSetAndResetThresholds() {
    SimulatedBoard b = SimulatedBoard.of(REAL, 1, ROWS, COLS, 1, WORKERS);
    double[] before = b.programmedConductances(0);
    b.pulse(all(PulseKind.SET, 1.19, 3.0));
    b.pulse(all(PulseKind.RESET, 1.29, 5));
    assertArrayEquals(before, b.programmedConductances(0));
  }

  @Test
  void setStepsTowardTheGateComplianceWithThirtyPercentSpread() {
    for (double gate : new double[] {1.2, 1.6, 2.2}) {
      SimulatedBoard b = SimulatedBoard.of(REAL, 1, ROWS, COLS, 2, WORKERS);
      hardReset(b);
      double[] g0 = b.trueConductances(0);
      double amp = 2.5;
      b.pulse(all(PulseKind.SET, amp, gate));
      double[] g1 = b.programmedConductances(0);
      double gcc = REAL.setTarget(gate), f = REAL.switching().setFraction(amp - REAL.minSetVolts());
      // Residual of every cell against its own expected step, in units of its predicted σ:
      // step σ = 30 % of the mean step, plus 0.5 µS of write noise.
      double[] z = new double[N], step = new double[N];
      for (int k = 0; k < N; k++) {
        double mu = f * (gcc - g0[k]);
        step[k] = g1[k] - g0[k];
        z[k] = (step[k] - mu) / Math.hypot(REAL.switching().setStepSigma() * mu, REAL.writeNoiseSiemens());
      }
      double[] zs = responsive(b, z), gs = responsive(b, g1);
      System.out.printf("SET gate %.1f V: G_cc %.2f µS, mean G %.2f µS, expected %.2f, normalized residual mean %.3f σ %.3f%n",
          gate, gcc * 1e6, mean(gs) * 1e6, (mean(responsive(b, g0)) + f * (gcc - mean(responsive(b, g0)))) * 1e6, mean(zs), std(zs));
      // 8000 cells: standard error of the normalized mean 0.011, of σ 0.008.
      assertEquals(0, mean(zs), 0.05, "gate " + gate);
      assertEquals(1, std(zs), 0.05, "gate " + gate);
    }
  }

  @Test
  void setNeverPassesAnAlreadyReachedCompliance() {
    SimulatedBoard b = SimulatedBoard.of(REAL.withWriteNoise(0), 1, ROWS, COLS, 3, WORKERS);
    b.pulse(all(PulseKind.SET, 3.0, 2.5));
    double[] high = b.programmedConductances(0);
    b.pulse(all(PulseKind.SET, 3.0, 1.0)); // G_cc(1.0 V) = 4.5 µS, below every cell
    double[] after = b.programmedConductances(0);
    for (int k = 0; k < N; k++) if (high[k] >= REAL.setTarget(1.0)) assertEquals(high[k], after[k]);
  }

  @Test
  void resetIsGradualAndFasterWithOverdrive() {
    double last = 1;
    for (double amp : new double[] {1.5, 2.0, 2.5}) {
      SimulatedBoard b = SimulatedBoard.of(REAL.withWriteNoise(0), 1, ROWS, COLS, 4, WORKERS);
      b.pulse(all(PulseKind.SET, 3.0, 2.5));
      double[] g0 = b.trueConductances(0);
      b.pulse(all(PulseKind.RESET, amp, 5));
      double[] g1 = b.programmedConductances(0);
      double hrs = REAL.resetSiemens(), expect = REAL.switching().resetFactor(amp - REAL.minResetVolts());
      double[] ratio = new double[N];
      for (int k = 0; k < N; k++) ratio[k] = (g1[k] - hrs) / (g0[k] - hrs);
      double[] rs = responsive(b, ratio);
      System.out.printf("RESET %.1f V: mean factor %.4f (model %.4f), relative σ %.3f (model 0.3)%n", amp, mean(rs), expect, std(rs) / mean(rs));
      // Factor exp(−1.5/V·overdrive), σ 30 %: the standard error of the mean factor is 0.3 %.
      assertEquals(expect, mean(rs), 0.02 * expect);
      assertEquals(REAL.switching().resetStepSigma(), std(rs) / mean(rs), 0.02);
      assertTrue(mean(rs) < last);
      last = mean(rs);
    }
    SimulatedBoard b = SimulatedBoard.of(REAL, 1, ROWS, COLS, 5, WORKERS);
    b.pulse(all(PulseKind.SET, 3.0, 2.5));
    hardReset(b);
    // Large overdrive lands at the high-resistance state (1 µS, plus 0.5 µS write noise clipped there).
    double[] g = responsive(b, b.programmedConductances(0));
    assertTrue(mean(g) < 1.5e-6, "mean after hard RESET " + mean(g));
  }

  @Test
  void readNoiseIsOnePercentOfConductance() {
    SimulatedBoard b = SimulatedBoard.of(REAL, 1, ROWS, COLS, 6, WORKERS);
    b.pulse(all(PulseKind.SET, 3.0, 2.2));
    b.advanceTime(1e4); // relaxation then moves by 9e-12 S per second: frozen for this test
    Region r = Region.rect(0, 0, 16, 0, 16);
    int reads = 200, n = 256;
    double[][] samples = new double[n][reads];
    double[] out = new double[n];
    for (int t = 0; t < reads; t++) {
      b.read(r, out);
      for (int k = 0; k < n; k++) samples[k][t] = out[k];
    }
    boolean[] trap = b.telegraphCells(0);
    double sum = 0;
    int counted = 0;
    for (int k = 0; k < n; k++) {
      int cell = (k / 16) * COLS + k % 16;
      if (trap[cell] || b.isStuck(0, k / 16, k % 16)) continue;
      sum += std(samples[k]) / mean(samples[k]);
      counted++;
    }
    double rel = sum / counted;
    System.out.printf("read noise: mean relative σ %.5f over %d cells × %d reads%n", rel, counted, reads);
    // σ of a 200-sample σ estimate is 5 %; averaged over ~240 cells 0.3 %.
    assertEquals(REAL.readNoiseRelative(), rel, 0.0003);
  }

  @Test
  void telegraphNoiseGivesTwoLevelsOnAFewPercentOfCells() {
    SimulatedBoard b = SimulatedBoard.of(REAL.withReadNoise(0), 1, ROWS, COLS, 7, WORKERS);
    int reads = 100;
    double[][] s = new double[N][reads];
    double[] out = new double[N];
    for (int t = 0; t < reads; t++) {
      b.read(ALL, out);
      for (int k = 0; k < N; k++) s[k][t] = out[k];
    }
    boolean[] trap = b.telegraphCells(0);
    int twoLevel = 0, high = 0, total = 0;
    double sep = 0;
    for (int k = 0; k < N; k++) {
      double lo = Arrays.stream(s[k]).min().orElseThrow(), hi = Arrays.stream(s[k]).max().orElseThrow();
      // Never-pulsed cells do not relax, so without read noise a cell without a trap reads one value.
      if (hi - lo <= 1e-9) continue;
      twoLevel++;
      assertTrue(trap[k], "cell " + k + " fluctuates without a trap");
      long distinct = Arrays.stream(s[k]).distinct().count();
      assertEquals(2, distinct, "two levels");
      double mid = (hi + lo) / 2;
      for (double x : s[k]) if (x > mid) high++;
      total += reads;
      sep += (hi - lo) / mid;
    }
    long traps = java.util.stream.IntStream.range(0, N).filter(k -> trap[k]).count(); // stuck cells have traps too
    System.out.printf("RTN: %d two-level cells of %d (%.2f %%), high-level share %.3f, level separation %.4f of G%n",
        twoLevel, N, 100.0 * twoLevel / N, high / (double) total, sep / twoLevel);
    // Binomial: 3 % of 8192 has σ 0.19 %; a trap that never flips in 100 reads has odds 0.7^99.
    assertEquals(REAL.telegraph().cellFraction(), twoLevel / (double) N, 0.006);
    assertEquals(traps, twoLevel);
    assertEquals(0.5, high / (double) total, 0.05);
    assertEquals(REAL.telegraph().amplitudeRelative(), sep / twoLevel, 0.001);
  }

  @Test
  void relaxationShiftsTheMeanLogarithmicallyAndWidensTheSpread() {
    SimulatedBoard b = SimulatedBoard.of(REAL, 1, ROWS, COLS, 8, WORKERS);
    b.pulse(all(PulseKind.SET, 2.5, 2.2));
    double[] prog = responsive(b, b.programmedConductances(0));
    double[][] shift = new double[3][];
    double[] at = {1, 3600, 86400};
    double t0 = b.nowSeconds();
    for (int i = 0; i < 3; i++) {
      b.advanceTime(at[i] - (b.nowSeconds() - t0));
      double[] g = responsive(b, b.trueConductances(0));
      shift[i] = new double[g.length];
      for (int k = 0; k < g.length; k++) shift[i][k] = g[k] - prog[k];
    }
    Relaxation r = REAL.relaxation();
    for (int i = 0; i < 3; i++) {
      double lnT = Math.log(Math.max(1, at[i]));
      double expMean = -r.driftSiemensPerLnSecond() * lnT, expSigma = r.sigmaSiemensPerLnSecond() * lnT + r.sigmaAtOneSecondSiemens();
      System.out.printf("relaxation at %.0f s: mean %.3f µS (model %.3f), σ %.3f µS (model %.3f)%n",
          at[i], mean(shift[i]) * 1e6, expMean * 1e6, std(shift[i]) * 1e6, expSigma * 1e6);
      // ~8000 cells: standard error of the mean ≤ 0.01 µS, of σ ≤ 0.007 µS.
      assertEquals(expMean, mean(shift[i]), 0.04e-6);
      assertEquals(expSigma, std(shift[i]), 0.03e-6);
    }
    assertEquals(-0.09e-6 * Math.log(86400), mean(shift[2]), 0.04e-6);
    // The drift of a cell is one z scaled: its standardized shift is the same at 1 h and 1 day.
    for (int k = 0; k < 100; k++) {
      double z1 = (shift[1][k] + 0.09e-6 * Math.log(3600)) / (0.04e-6 * Math.log(3600) + 0.4e-6);
      double z2 = (shift[2][k] + 0.09e-6 * Math.log(86400)) / (0.04e-6 * Math.log(86400) + 0.4e-6);
      assertEquals(z1, z2, 1e-6);
    }
  }

  @Test
  void aCellCycledPastItsEnduranceNarrowsThenSticks() {
    DeviceModel m = REAL.withStuck(0, 0).withEndurance(new Endurance(500, 0, 0.5, 0.5));
    SimulatedBoard b = SimulatedBoard.of(m, 1, 2, 2, 9, WORKERS);
    var set = new PulseBatch(0, PulseKind.SET, 3.0, new int[] {0}, new int[] {0}, new double[] {3.5});
    var reset = new PulseBatch(0, PulseKind.RESET, 3.0, new int[] {0}, new int[] {0}, new double[] {5});
    double early = 0, late = 40e-6;
    for (int cycle = 0; cycle < 499; cycle++) {
      b.pulse(set);
      double g = b.programmedConductances(0)[0];
      if (cycle < 100) early = Math.max(early, g);
      // 2 pulses per cycle; wear w = (2·cycle + 1)/1000, the window loses 0.5·(w − 0.5)/0.5 of 39 µS.
      double w = (2 * cycle + 1) / 1000.0, lost = w <= 0.5 ? 0 : 0.5 * (w - 0.5) / 0.5;
      assertTrue(g <= 40e-6 - lost * 39e-6 / 2 + 1e-15, "cycle " + cycle + ": " + g);
      if (cycle == 480) late = g;
      b.pulse(reset);
    }
    assertFalse(b.isStuck(0, 0, 0));
    b.pulse(set);
    b.pulse(reset); // 1000th pulse: the cell reaches its endurance and sticks
    assertTrue(b.isStuck(0, 0, 0));
    double stuckAt = b.programmedConductances(0)[0];
    b.pulse(set);
    assertEquals(stuckAt, b.programmedConductances(0)[0]);
    b.advanceTime(86400);
    assertEquals(stuckAt, b.trueConductances(0)[0], "a worn cell no longer relaxes");
    System.out.printf("endurance: highest SET in the first 100 cycles %.2f µS, at cycle 480 %.2f µS, stuck at %.2f µS%n",
        early * 1e6, late * 1e6, stuckAt * 1e6);
    assertTrue(early > 38e-6 && late < 31.1e-6);
    assertFalse(b.isStuck(0, 1, 1), "other cells are unaffected");
  }

  @Test
  void stuckCellsAreOnePercentLowAndOnePercentHighAndUnknownToTheHost() {
    for (String spec : new String[] {"sim:realistic", "sim:realistic?stuck=0.1"}) {
      SimulatedBoard b = (SimulatedBoard) BoardOpener.open(spec, 10);
      assertEquals(DefectMap.none(), b.spec().defects());
      double each = spec.contains("stuck") ? 0.05 : 0.01;
      hardReset(b);
      long high = Arrays.stream(b.trueConductances(0)).filter(g -> g == 40e-6).count();
      b.pulse(all(PulseKind.SET, 3.0, 2.0));
      long low = Arrays.stream(b.trueConductances(0)).filter(g -> g == 1e-6).count();
      System.out.printf("%s: stuck high %.4f, stuck low %.4f%n", spec, high / (double) N, low / (double) N);
      // Binomial standard error ≤ 0.24 %.
      assertEquals(each, high / (double) N, each == 0.01 ? 0.004 : 0.008);
      assertEquals(each, low / (double) N, each == 0.01 ? 0.004 : 0.008);
    }
  }

  @Test
  void readoutAutoRangesPerColumnAndQuantizesToTheRangesLsb() {
    ReadoutChain chain = REAL.readout();
    assertEquals(10e-6, chain.rangeFor(3e-6));
    assertEquals(100e-6, chain.rangeFor(-30e-6));
    assertEquals(1e-3, chain.rangeFor(300e-6));
    assertEquals(1e-3, chain.rangeFor(3e-3));
    assertEquals(20e-6 / 65536, chain.lsbAmps(10e-6));
    assertEquals(32767, chain.code(5e-3, 1e-3, 0));
    assertEquals(-32768, chain.code(-5e-3, 1e-3, 0));

    DeviceModel m = REAL.withReadNoise(0).withTelegraph(TelegraphNoise.none()).withStuck(0, 0).withMaxSiemens(100e-6);
    SimulatedBoard b = SimulatedBoard.of(m, 1, ROWS, 3, 11, WORKERS);
    double[] g = b.trueConductances(0);
    // Column currents of 1, 15 and 128 rows at 0.2 V land in the three ranges (cells 2.5–25 µS here).
    int[] rowCounts = {1, 15, 128};
    double[] expectRange = {10e-6, 100e-6, 1e-3};
    double[] offsets = new double[3];
    for (int col = 0; col < 3; col++) {
      double[] seen = new double[3];
      for (int t = 0; t < 3; t++) {
        int nr = rowCounts[t];
        double[] v = new double[nr];
        double amps = 0;
        for (int i = 0; i < nr; i++) {
          v[i] = 0.2;
          amps += g[i * 3 + col] * 0.2;
        }
        double[] out = new double[1];
        b.mvm(new Region(0, java.util.stream.IntStream.range(0, nr).toArray(), new int[] {col}), new RowVolts(v, 1), out);
        double range = chain.rangeFor(amps), lsb = chain.lsbAmps(range);
        assertEquals(expectRange[t], range);
        assertEquals(Math.rint(out[0] / lsb), out[0] / lsb, 1e-6, "a whole number of LSB");
        double off = Math.rint(out[0] / lsb) - Math.rint(amps / lsb);
        assertTrue(Math.abs(off) <= 3, "offset of a few LSB: " + off);
        seen[t] = off;
        System.out.printf("column %d, %d rows: %.4g A on the ±%.0e A range, LSB %.3g A, offset %.0f LSB%n", col, nr, amps, range, lsb, off);
      }
      assertEquals(seen[0], seen[1]);
      assertEquals(seen[0], seen[2]);
      offsets[col] = seen[0];
    }
    // Saturation: SET every cell to 100 µS; 128 rows then drive 2.56 mA into a ±1 mA range.
    int n = ROWS * 3;
    int[] rr = new int[n], cc = new int[n];
    double[] gates = new double[n];
    for (int k = 0; k < n; k++) {
      rr[k] = k / 3;
      cc[k] = k % 3;
      gates[k] = 5;
    }
    for (int i = 0; i < 4; i++) b.pulse(new PulseBatch(0, PulseKind.SET, 3.0, rr, cc, gates));
    double[] v = new double[ROWS];
    Arrays.fill(v, 0.2);
    double[] out = new double[3];
    b.mvm(Region.rect(0, 0, ROWS, 0, 3), new RowVolts(v, 1), out);
    for (double x : out) assertEquals(32767 * chain.lsbAmps(1e-3), x, 1e-12);
    assertEquals(3, b.saturatedReadings());
    // adcBits on the command line reaches the readout chain.
    SimulatedBoard coarse = (SimulatedBoard) BoardOpener.open("sim:realistic?adcBits=12&window=60", 1);
    assertEquals(12, coarse.spec().adcBits());
    assertEquals(12, coarse.deviceModel().readout().adcBits());
    assertEquals(60e-6, coarse.spec().maxSiemens(), 1e-15);
    assertEquals(60e-6, coarse.deviceModel().setTarget(3.0), 1e-12);
  }

  @Test
  void mvmReadNoiseMatchesPerDeviceOnePercent() {
    DeviceModel m = REAL.withTelegraph(TelegraphNoise.none()).withReadout(ReadoutChain.none());
    SimulatedBoard b = SimulatedBoard.of(m, 1, 120, 4, 12, WORKERS);
    double[] g = b.trueConductances(0);
    SplittableRandom r = new SplittableRandom(1);
    double[] v1 = new double[120];
    for (int i = 0; i < 120; i++) v1[i] = 0.4 * r.nextDouble() - 0.2;
    int batch = 4000;
    double[] v = new double[batch * 120];
    for (int s = 0; s < batch; s++) System.arraycopy(v1, 0, v, s * 120, 120);
    double[] out = new double[batch * 4];
    b.mvm(Region.rect(0, 0, 120, 0, 4), new RowVolts(v, batch), out);
    for (int j = 0; j < 4; j++) {
      double exact = 0, var = 0;
      for (int i = 0; i < 120; i++) {
        exact += g[i * 4 + j] * v1[i];
        var += Math.pow(0.01 * g[i * 4 + j] * v1[i], 2);
      }
      double[] col = new double[batch];
      for (int s = 0; s < batch; s++) col[s] = out[s * 4 + j];
      // 4000 samples: standard error of the mean 1.6 % of σ, of σ 1.1 %.
      assertEquals(exact, mean(col), 0.06 * Math.sqrt(var));
      assertEquals(Math.sqrt(var), std(col), 0.05 * Math.sqrt(var));
    }
  }

  @Test
  void columnLayoutDrivesGiveTheRowPathsCurrentsDrawsAndCountersBitForBit() {
    // Read noise on and off (one Gaussian per output, or none), the readout chain or a plain ADC;
    // batches below and above the parallel threshold; each board pulsed, then driven twice, then
    // read: any difference in draws would show in the second drive or in the read.
    DeviceModel[] models = {REAL, REAL.withReadNoise(0), REAL.withReadout(ReadoutChain.none()), REAL.withTelegraph(TelegraphNoise.none()),
        REAL.withReadout(ReadoutChain.none())};
    for (int v = 0; v < models.length; v++)
      for (int batch : new int[] {1, 7, 900}) {
        DeviceModel m = models[v];
        BoardSpec spec = SimulatedBoard.specFor(m, 1, ROWS, COLS);
        if (v == models.length - 1) // the last: a plain 10-bit ADC instead of the readout chain
          spec = new BoardSpec(spec.name(), 1, ROWS, COLS, spec.minSiemens(), spec.maxSiemens(), spec.readVolts(), spec.maxSetVolts(),
              spec.maxResetVolts(), spec.maxGateVolts(), 10, spec.fullScaleAmps(), spec.defects());
        SimulatedBoard byColumns = new SimulatedBoard(spec, m, 21, WORKERS), byRows = new SimulatedBoard(spec, m, 21, WORKERS), byInputs = new SimulatedBoard(spec, m, 21, WORKERS);
        PulseBatch set = new PulseBatch(0, PulseKind.SET, 2.5, new int[] {2, 5, 9, 40}, new int[] {5, 6, 7, 8}, new double[] {1.6, 1.9, 2.2, 1.4});
        for (SimulatedBoard b : List.of(byColumns, byRows, byInputs)) b.pulse(set);
        int pairs = 30, nc = 4;
        Region reg = Region.rect(0, 2, 2 * pairs, 5, nc);
        SplittableRandom r = new SplittableRandom(batch);
        // Inputs and per-vector scales (the largest input of a vector lands on the clamp), and the
        // voltages InputScaling makes of them.
        double[][] in = new double[pairs][batch + 2], pv = new double[pairs][batch + 2]; // longer rows are allowed
        double[] scales = new double[batch], rowMajor = new double[batch * pairs];
        for (int p = 0; p < pairs; p++) for (int b = 0; b < batch; b++) in[p][b] = 6 * r.nextDouble() - 3;
        for (int b = 0; b < batch; b++) {
          double max = 0;
          for (int p = 0; p < pairs; p++) max = Math.max(max, Math.abs(in[p][b]));
          scales[b] = insitu.boards.InputScaling.scale(max, 0.2);
          for (int p = 0; p < pairs; p++) rowMajor[b * pairs + p] = pv[p][b] = insitu.boards.InputScaling.volts(in[p][b], scales[b], 0.2);
        }
        for (int round = 0; round < 2; round++) {
          double[][] cols = new double[nc][batch], scaled = new double[nc][batch];
          double[] rows = new double[batch * nc];
          byColumns.mvm(reg, new PairVoltColumns(pv, batch), cols);
          byInputs.mvm(reg, new ScaledColumns(in, scales, batch), scaled);
          byRows.mvm(reg, new PairVolts(rowMajor, batch), rows);
          for (int j = 0; j < nc; j++)
            for (int b = 0; b < batch; b++) {
              String at = m.name() + " batch " + batch + " round " + round + " output " + j + " vector " + b;
              assertEquals(Double.doubleToRawLongBits(rows[b * nc + j]), Double.doubleToRawLongBits(cols[j][b]), at);
              assertEquals(Double.doubleToRawLongBits(rows[b * nc + j]), Double.doubleToRawLongBits(scaled[j][b]), "scaled inputs, " + at);
            }
          assertEquals(byRows.counters(), byColumns.counters());
          assertEquals(byRows.counters(), byInputs.counters());
        }
        double[] readRows = new double[2 * pairs * nc], readCols = new double[2 * pairs * nc], readInputs = new double[2 * pairs * nc];
        byRows.read(reg, readRows);
        byColumns.read(reg, readCols);
        byInputs.read(reg, readInputs);
        assertArrayEquals(readRows, readCols, "the generators are in step");
        assertArrayEquals(readRows, readInputs, "the generators are in step (scaled inputs)");
      }
  }

  @Test
  void columnLayoutRejectsABadVoltageBeforeCounting() {
    SimulatedBoard b = SimulatedBoard.of(REAL, 1, ROWS, COLS, 22, WORKERS);
    Region reg = Region.rect(0, 0, 4, 0, 2);
    double[][] pv = {{0.1, 0.1, 0.1}, {0.1, Double.NaN, 0.3}};
    long before = b.counters().commands();
    var e = assertThrows(IllegalArgumentException.class, () -> b.mvm(reg, new PairVoltColumns(pv, 3), new double[2][3]));
    assertEquals("row voltage NaN V outside ±0.2 V", e.getMessage(), "the first bad value, vector by vector");
    assertEquals(before, b.counters().commands());
  }

  @Test
  void clockAdvancesWithCommandsAndOnRequest() {
    SimulatedBoard b = SimulatedBoard.of(REAL, 1, ROWS, COLS, 14, WORKERS);
    assertEquals(0, b.nowSeconds());
    b.pulse(all(PulseKind.SET, 2.0, 2.0));
    assertEquals(1e-3 + N * 1e-6, b.nowSeconds(), 1e-12);
    b.read(Region.rect(0, 0, 10, 0, COLS), new double[10 * COLS]);
    assertEquals(2e-3 + N * 1e-6 + 10 * 40e-6, b.nowSeconds(), 1e-12);
    b.advanceTime(86400);
    assertEquals(86400 + 2e-3 + N * 1e-6 + 10 * 40e-6, b.nowSeconds(), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> b.advanceTime(-1));
    assertThrows(IllegalArgumentException.class, () -> b.advanceTime(Double.NaN));
  }

  @Test
  void sameSeedSameCommandsSameTimeGiveIdenticalResults() {
    double[] a = session(21, 3600), b = session(21, 3600), c = session(21, 7200), d = session(22, 3600);
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c), "ageing changes what is read");
    assertFalse(Arrays.equals(a, d));
  }

  private static double[] session(long seed, double age) {
    SimulatedBoard b = SimulatedBoard.of(REAL, 1, 32, 16, seed, WORKERS);
    int n = 32 * 16;
    int[] rr = new int[n], cc = new int[n];
    double[] gates = new double[n];
    SplittableRandom r = new SplittableRandom(5);
    for (int k = 0; k < n; k++) {
      rr[k] = k / 16;
      cc[k] = k % 16;
      gates[k] = 1 + 2 * r.nextDouble();
    }
    b.pulse(new PulseBatch(0, PulseKind.SET, 2.4, rr, cc, gates));
    b.advanceTime(age);
    double[] read = new double[n], out = new double[20 * 16];
    b.read(Region.rect(0, 0, 32, 0, 16), read);
    double[] v = new double[20 * 32];
    for (int k = 0; k < v.length; k++) v[k] = 0.4 * r.nextDouble() - 0.2;
    b.mvm(Region.rect(0, 0, 32, 0, 16), new RowVolts(v, 20), out);
    b.pulse(new PulseBatch(0, PulseKind.RESET, 1.8, rr, cc, gates));
    b.advanceTime(86400);
    double[] t = b.trueConductances(0);
    double[] all = new double[read.length + out.length + t.length];
    System.arraycopy(read, 0, all, 0, n);
    System.arraycopy(out, 0, all, n, out.length);
    System.arraycopy(t, 0, all, n + out.length, n);
    return all;
  }

  @Test
  void writeVerifyReachesPlusMinusOneMicroSiemens() {
    SimulatedBoard b = SimulatedBoard.of(REAL, 1, 32, 32, 15, WORKERS);
    int n = 32 * 32;
    double[] target = new double[n];
    SplittableRandom r = new SplittableRandom(3);
    for (int k = 0; k < n; k++) target[k] = (5 + 30 * r.nextDouble()) * 1e-6;
    boolean[] done = new boolean[n];
    double[] read = new double[n], sum = new double[n];
    Region all = Region.rect(0, 0, 32, 0, 32);
    int iterations = 0;
    for (; iterations < 50; iterations++) {
      // Verify: discard one read, average three (board-anchors §5).
      b.read(all, read);
      Arrays.fill(sum, 0);
      for (int t = 0; t < 3; t++) {
        b.read(all, read);
        for (int k = 0; k < n; k++) sum[k] += read[k] / 3;
      }
      java.util.List<Integer> up = new java.util.ArrayList<>(), down = new java.util.ArrayList<>();
      for (int k = 0; k < n; k++) {
        if (done[k]) continue;
        double err = sum[k] - target[k];
        if (Math.abs(err) <= 1e-6) done[k] = true;
        else (err < 0 ? up : down).add(k);
      }
      if (up.isEmpty() && down.isEmpty()) break;
      if (!up.isEmpty()) b.pulse(new PulseBatch(0, PulseKind.SET, 2.0, up.stream().mapToInt(k -> k / 32).toArray(),
          up.stream().mapToInt(k -> k % 32).toArray(), up.stream().mapToDouble(k -> REAL.gateFor(target[k])).toArray()));
      if (!down.isEmpty()) b.pulse(new PulseBatch(0, PulseKind.RESET, 1.4, down.stream().mapToInt(k -> k / 32).toArray(),
          down.stream().mapToInt(k -> k % 32).toArray(), down.stream().mapToDouble(k -> 5.0).toArray()));
    }
    double[] g = b.trueConductances(0);
    int converged = 0, good = 0;
    double se = 0;
    for (int k = 0; k < n; k++) {
      if (b.isStuck(0, k / 32, k % 32)) continue;
      good++;
      if (done[k]) converged++;
      se += Math.pow(g[k] - target[k], 2);
    }
    double sigma = Math.sqrt(se / good);
    b.advanceTime(86400);
    double[] aged = b.trueConductances(0);
    double se2 = 0;
    for (int k = 0; k < n; k++) if (!b.isStuck(0, k / 32, k % 32)) se2 += Math.pow(aged[k] - target[k], 2);
    System.out.printf("write-verify ±1 µS: %d of %d responsive cells converged in %d iterations; rms error %.2f µS after, %.2f µS a day later%n",
        converged, good, iterations, sigma * 1e6, Math.sqrt(se2 / good) * 1e6);
    assertTrue(converged >= 0.97 * good);
    assertTrue(sigma > 0.4e-6 && sigma < 1.5e-6, "post-verify spread " + sigma);
  }
}
