package insitu.boards.conformance;

import static org.junit.jupiter.api.Assertions.*;

import insitu.errors.BoardException;
import insitu.boards.BoardSpec;
import insitu.boards.emulator.FirmwareDefect;
import insitu.boards.serial.Transport;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conformance suite against the reference firmware in process, on virtual time: the clean
 * emulator passes every check; each deliberate defect fails the check written for it; a hung board
 * is reported in bounded (virtual) time; the cells the checks program are restored and no other
 * cell changes.
 */
class ConformanceSuiteTest {
  private static final long SEED = 7;
  private static final ConformanceOptions OPTIONS = ConformanceOptions.defaults();
  /**
   * The checks each defect fails, the first being the one written for it; exactly the "catches"
   * column of docs/board-protocol.md §10 (HANG stops every check and is tested on its own).
   */
  static final Map<FirmwareDefect, List<String>> CAUGHT_BY = Map.of(
      FirmwareDefect.NO_DEDUPE, List.of("duplicate-pulse-applied-once", "journal-refuses-replay", "pulse-slices-and-status"),
      FirmwareDefect.BAD_CRC, List.of("bad-crc-dropped", "bad-crc-pulse-no-effect"),
      FirmwareDefect.STALE_READ, List.of("set-raises-conductance", "duplicate-pulse-applied-once", "pulse-slices-and-status", "read-indexing",
          "reset-lowers-conductance", "reset-keeps-devices-and-journal"),
      FirmwareDefect.IGNORE_RESET, List.of("reset-boot-event", "reset-boots-in-safe-state", "reset-refuses-old-epoch", "reset-keeps-devices-and-journal"),
      FirmwareDefect.SLOW, List.of("answer-timing", "watchdog-trips"),
      FirmwareDefect.WRONG_NAK, List.of("nak-out-of-range", "journal-refuses-replay", "pulse-slices-and-status", "config-limits", "nak-over-voltage",
          "nak-oversized-batch"),
      FirmwareDefect.DROP_MVM_PATCHES, List.of("mvm-patches-match-differential"));

  private static ConformanceReport run(String spec) {
    try (FirmwareTarget t = FirmwareTargets.open(spec, SEED)) {
      return ConformanceSuite.run(t, OPTIONS);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"paper", "ideal", "realistic"})
  void referenceFirmwarePassesEveryCheck(String device) {
    ConformanceReport r = run("emulator:" + device);
    assertTrue(r.checks().size() >= 20, "at least 20 checks: " + r.checks().size());
    assertEquals(0, r.failed(), r.table());
    assertEquals(0, r.skipped(), r.table());
    assertEquals(ConformanceSuite.checks().size(), r.passed());
  }

  @ParameterizedTest
  @EnumSource(value = FirmwareDefect.class, names = "HANG", mode = EnumSource.Mode.EXCLUDE)
  void eachDefectFailsTheChecksWrittenForIt(FirmwareDefect defect) {
    ConformanceReport r = run("emulator:paper?defects=" + defect.cliName());
    Set<String> failed = new java.util.TreeSet<>();
    for (CheckResult c : r.checks()) {
      if (c.passed()) continue;
      assertFalse(c.detail().startsWith("not run") || c.detail().startsWith("hung"), c.name() + ": " + c.detail());
      failed.add(c.name());
    }
    assertEquals(new java.util.TreeSet<>(CAUGHT_BY.get(defect)), failed, defect + ":\n" + r.table());
  }

  @Test
  void everyDefectHasACheckThatCatchesIt() {
    Set<FirmwareDefect> covered = EnumSet.copyOf(CAUGHT_BY.keySet());
    covered.add(FirmwareDefect.HANG);
    assertEquals(EnumSet.allOf(FirmwareDefect.class), covered);
    for (List<String> names : CAUGHT_BY.values())
      for (String name : names) assertTrue(ConformanceSuite.checks().stream().anyMatch(c -> c.name().equals(name)), name);
  }

  @Test
  void hungBoardIsReportedInBoundedVirtualTimeAndTheRestNotRun() {
    try (FirmwareTarget t = FirmwareTargets.open("emulator:paper?defects=hang", SEED)) {
      ConformanceReport r = ConformanceSuite.run(t, OPTIONS);
      List<CheckResult> failed = r.checks().stream().filter(c -> !c.passed()).toList();
      assertFalse(failed.isEmpty());
      assertTrue(failed.get(0).detail().startsWith("hung: no answer"), failed.get(0).detail());
      for (CheckResult c : failed.subList(1, failed.size())) assertTrue(c.detail().startsWith("not run: the board stopped answering"), c.detail());
      assertEquals(ConformanceSuite.checks().size(), r.checks().size(), "every check is reported");
      // Virtual time: what the suite spends on the checks before the hang (a clean run takes about 6 s of it) plus
      // two silence budgets (the hung check, one HELLO), each attempts × ACK timeout.
      long budgetMillis = 10_000 + 2L * OPTIONS.attempts() * OPTIONS.ackTimeoutMillis();
      assertTrue(t.ticker().nanos() / 1_000_000 <= budgetMillis, "virtual ms " + t.ticker().nanos() / 1_000_000);
    }
  }

  @Test
  void checksRestoreTheCellsTheyTouchAndNoOthers() {
    DeviceModel model = DeviceModel.paper();
    BoardSpec spec = SimulatedBoard.specFor(model, 2, 64, 32);
    SimulatedBoard devices = SimulatedBoard.withOwnWorkers(spec, model, SEED);
    double[][] before = {devices.trueConductances(0), devices.trueConductances(1)};
    ConformanceReport r;
    try (FirmwareTarget t = FirmwareTargets.emulator(devices, SEED, Set.of())) {
      r = ConformanceSuite.run(t, OPTIONS);
    }
    assertEquals(0, r.failed(), r.table());
    assertArrayEquals(before[0], devices.trueConductances(0), "array 0 is never used (the suite takes the last array)");
    double[] after = devices.trueConductances(1);
    List<Integer> touched = List.of(63 * 32 + 31, 62 * 32 + 30, 61 * 32 + 29, 60 * 32 + 28);
    for (int k = 0; k < after.length; k++) {
      if (!touched.contains(k)) assertEquals(before[1][k], after[k], "cell " + k + " is not one the suite may program");
      // Paper devices carry 8 µS of write noise per pulse: restored within a few of its σ.
      else assertEquals(before[1][k], after[k], 50e-6, "restored cell " + k);
    }
    for (ConformanceCheck c : ConformanceSuite.checks())
      if (c.touchesCells()) assertTrue(r.check(c.name()).detail().contains("cells a1(63,31) a1(62,30) a1(61,29) a1(60,28) restored"),
          r.check(c.name()).detail());
  }

  @Test
  void withoutAResetLineTheResetChecksAreSkippedNotFailed() {
    try (FirmwareTarget t = FirmwareTargets.open("emulator:paper", SEED)) {
      ConformanceReport r = ConformanceSuite.run(t.withoutResetLine(), OPTIONS);
      assertEquals(0, r.failed(), r.table());
      long needLine = ConformanceSuite.checks().stream().filter(ConformanceCheck::needsResetLine).count();
      assertEquals(needLine, r.skipped());
      assertTrue(needLine >= 4 && r.passed() >= 20, r.table());
    }
  }

  /**
   * A board keeps its last answers by seq within an epoch: a host session that reused the seqs of
   * an earlier one would be answered from that cache. The suite numbers its requests past them.
   */
  @Test
  void boardStillHoldingAnswersOfAnEarlierSessionIsTestedAfresh() {
    try (FirmwareTarget t = FirmwareTargets.open("emulator:paper", SEED)) {
      BoardUnderTest earlier = new BoardUnderTest(new FrameLink(t.transport(), t.ticker(), OPTIONS), Optional.empty());
      earlier.hello();
      earlier.arm();
      CellPlan p = earlier.plan();
      for (int k = 1; k <= 20; k++) earlier.read(p.array(), p.cyclingRows(k), new int[] {p.cols()[0]}); // seqs 2…21 now cached
      ConformanceReport r = ConformanceSuite.run(t.withoutResetLine(), OPTIONS);
      assertEquals(0, r.failed(), r.table());
    }
  }

  @Test
  void boardThatNeverAnswersIsUnreachableAfterItsAttempts() {
    VirtualTicker ticker = new VirtualTicker();
    Transport silent = new Transport() {
      @Override public void write(byte[] bytes, int offset, int length) { }

      @Override public int read(byte[] buffer, int offset, int length, long timeoutMillis) {
        ticker.sleepMillis(timeoutMillis);
        return 0;
      }

      @Override public void close() { }
    };
    FirmwareTarget t = new FirmwareTarget("a dead port", silent, ticker, Optional.empty(), OPTIONS, () -> { });
    BoardException e = assertThrows(BoardException.class, () -> ConformanceSuite.run(t, OPTIONS));
    assertTrue(e.getMessage().startsWith("cannot reach the board (a dead port): no answer to HELLO"), e.getMessage());
    assertEquals(4, e.exitCode());
    assertEquals(OPTIONS.attempts() * OPTIONS.ackTimeoutMillis(), ticker.nanos() / 1_000_000, "one ACK timeout per attempt");
  }

  @Test
  void reportHasTheDocumentedShape() {
    ConformanceReport r = new ConformanceReport("x", List.of(new CheckResult("a", CheckResult.Outcome.PASSED, "ok"),
        new CheckResult("b", CheckResult.Outcome.FAILED, "bad"), new CheckResult("c", CheckResult.Outcome.SKIPPED, "no line")));
    Map<String, Object> m = r.toMap();
    assertEquals(List.of("target", "checks", "passed", "failed", "skipped"), List.copyOf(m.keySet()));
    assertEquals(1L, m.get("passed"));
    assertEquals(1L, m.get("failed"));
    @SuppressWarnings("unchecked") List<Map<String, Object>> checks = (List<Map<String, Object>>) m.get("checks");
    assertEquals(Map.of("name", "b", "passed", false, "skipped", false, "detail", "bad"), checks.get(1));
    assertTrue(r.table().contains("FAIL  b  bad"), r.table());
  }

  @Test
  void badSpecsAreRefusedWithTheValidForms() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FirmwareTargets.open("sim:paper", SEED));
    assertTrue(e.getMessage().contains("serial:PORT"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FirmwareTargets.open("emulator:paper?defects=lazy", SEED));
    assertTrue(e.getMessage().contains("no-dedupe"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FirmwareTargets.open("emulator?rows=x", SEED));
    assertThrows(IllegalArgumentException.class, () -> FirmwareTargets.open("emulator?colour=red", SEED));
  }
}
