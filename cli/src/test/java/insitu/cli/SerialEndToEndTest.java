package insitu.cli;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardOpener;
import insitu.boards.emulator.BoardEmulator;
import insitu.boards.emulator.FaultPlan;
import insitu.boards.protocol.Opcode;
import insitu.boards.serial.Ticker;
import insitu.boards.serial.port.JSerialCommTransport;
import insitu.boards.sim.SimulatedBoard;
import insitu.sdk.data.Dataset;
import insitu.sdk.data.DatasetResolver;
import insitu.sdk.data.NpyDtype;
import insitu.sdk.data.NpyWriter;
import insitu.numeric.parallel.Workers;
import insitu.testing.SocatPty;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code insitu train --board serial:PTY} against the reference firmware on the other end of a
 * socat pty pair ends exactly like the in-process simulated board: same accuracy, pulse count
 * and final conductances, on a clean link and on one that corrupts or drops 1 % of the bytes
 * and resets the board now and then. A board that hangs fails the run with exit code 4.
 */
class SerialEndToEndTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  private static final long SEED = 1;
  /** Enough samples for every kind of traffic (init, batched MVMs, reads, pulses) in a few seconds. */
  private static final int SAMPLES = 100;
  private static final int EXIT_BOARD_FAILURE = 4;
  private static final double BYTE_FAULT_RATE = 0.01;
  /** Far more often than the CLI run (every 300): this short run has only a few dozen device commands. */
  private static final int COMMANDS_PER_RESET = 8;

  @TempDir Path tmp;
  private SocatPty pty;
  private BoardEmulator emulator;

  @BeforeEach
  void startLink() throws Exception {
    SocatPty.require();
    pty = SocatPty.start();
  }

  @AfterEach
  void stopLink() {
    if (emulator != null) emulator.close();
    if (pty != null) pty.close();
  }

  private void startEmulator(FaultPlan faults) {
    startEmulator("sim:paper", faults);
  }

  private void startEmulator(String devicesSpec, FaultPlan faults) {
    SimulatedBoard devices = (SimulatedBoard) BoardOpener.open(devicesSpec, SEED, WORKERS);
    emulator = new BoardEmulator(devices, JSerialCommTransport.open(pty.first, JSerialCommTransport.DEFAULT_BAUD), SEED,
        faults, Ticker.system()).start();
  }

  /** The first {@link #SAMPLES} mnist8 training samples as X.npy / Y.npy. */
  private String smallData() {
    Dataset d = DatasetResolver.resolve("mnist8", SEED).train();
    int n = Math.min(SAMPLES, d.size()), size = d.sampleSize();
    int[] shape = new int[d.sampleShape().length + 1];
    shape[0] = n;
    System.arraycopy(d.sampleShape(), 0, shape, 1, d.sampleShape().length);
    Path x = tmp.resolve("x.npy"), y = tmp.resolve("y.npy");
    NpyWriter.write(x, shape, NpyDtype.FLOAT64, ByteOrder.LITTLE_ENDIAN, Arrays.copyOf(d.x(), n * size));
    double[] labels = new double[n];
    for (int i = 0; i < n; i++) labels[i] = d.y()[i];
    NpyWriter.write(y, new int[] {n}, NpyDtype.INT64, ByteOrder.LITTLE_ENDIAN, labels);
    return "npy:" + x + "," + y;
  }

  private CliRun train(String data, String board, String out) {
    return CliRun.of("train", "--data", data, "--board", board, "--epochs", "1", "--json", "--quiet", "--seed", Long.toString(SEED),
        "--out", tmp.resolve(out).toString());
  }

  /** Trains in process and over the link; asserts they end alike and returns the serial run. */
  private CliRun assertSameRun(FaultPlan faults) {
    return assertSameRun("sim:paper", faults);
  }

  private CliRun assertSameRun(String devices, FaultPlan faults) {
    String data = smallData();
    CliRun local = train(data, devices, "sim");
    assertEquals(0, local.exit(), local.err());
    startEmulator(devices, faults);
    CliRun serial = train(data, "serial:" + pty.second, "serial");
    assertEquals(0, serial.exit(), serial.err());
    // Top-level keys of the reports (the per-epoch entries have keys of the same names).
    for (String key : new String[] {"accuracy", "pulses", "final_conductance_sha256"})
      assertEquals(local.json().get(key), serial.json().get(key), key);
    // No pulse applied twice or lost: the firmware's own count of cells applied, interrupted
    // batches and their resumed suffixes included, is the run's pulse count.
    long applied = emulator.cellsAppliedById().values().stream().mapToLong(Long::longValue).sum();
    assertEquals(serial.json().get("pulses").getAsLong(), applied, "cells applied by the board");
    System.out.printf("serial end to end (%s): retries %s, board resets %d, bytes dropped %d corrupted %d%n", faults,
        serial.json().get("retries"), emulator.resets(), emulator.droppedBytes(), emulator.corruptedBytes());
    return serial;
  }

  @Test
  void cleanLinkEndsExactlyLikeTheInProcessBoard() {
    assertSameRun(FaultPlan.none());
  }

  /**
   * Realistic devices: in process the simulator takes its column-layout physical path, behind the
   * link the emulator its row-layout one (patches unfolded on the board); the same seed must still
   * give the same run, draw for draw.
   */
  @Test
  void realisticDevicesEndExactlyLikeTheInProcessBoard() {
    assertSameRun("sim:realistic", FaultPlan.none());
  }

  @Test
  void noisyLinkWithResetsEndsExactlyLikeTheInProcessBoard() {
    FaultPlan faults = FaultPlan.noisy(BYTE_FAULT_RATE, COMMANDS_PER_RESET);
    CliRun serial = assertSameRun(faults);
    assertTrue(emulator.droppedBytes() + emulator.corruptedBytes() > 0, "faults were injected");
    assertTrue(emulator.resets() > 0, "the board was reset during the run");
    assertTrue(serial.json().get("retries").getAsLong() > 0, "the report counts the retries: " + serial.out());
    assertEquals(serial.json().get("retries"), serial.json().getAsJsonObject("link").get("retries"), "link counters in the report");
  }

  @Test
  void hungBoardExitsWithFourOneLineAndSafeState() {
    startEmulator(FaultPlan.none().withHangAfter(3));
    CliRun r = train(smallData(), "serial:" + pty.second + "?timeoutMs=50", "hung");
    assertEquals(EXIT_BOARD_FAILURE, r.exit(), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line on stderr: " + r.err());
    assertTrue(r.err().contains("no answer"), r.err());
    assertTrue(emulator.receivedOpcodes().contains(Opcode.SAFE_STATE), "board was asked for SAFE_STATE");
  }

  /** board info and board selftest run the firmware's self-test and report the cells it found stuck. */
  @Test
  void boardInfoAndSelftestReportTheFirmwaresSelfTest() {
    startEmulator("sim:paper?stuck=0.1", FaultPlan.none());
    long stuck = 0;
    for (int r = 0; r < 128; r++) for (int c = 0; c < 64; c++) if (emulator.board().isStuck(0, r, c)) stuck++;
    assertTrue(stuck > 0, "the emulated board has stuck cells");
    CliRun info = CliRun.of("board", "info", "--board", "serial:" + pty.second, "--json", "--quiet");
    assertEquals(0, info.exit(), info.err());
    assertEquals(stuck, info.json().getAsJsonObject("firmware_self_test").get("failed_cells").getAsLong());
    assertEquals(128 * 64, info.json().getAsJsonObject("firmware_self_test").get("checked_cells").getAsLong());
    CliRun text = CliRun.of("board", "info", "--board", "serial:" + pty.second, "--quiet");
    assertTrue(text.out().contains("firmware self-test: " + stuck + " of 8192 cells failed"), text.out());
    CliRun selftest = CliRun.of("board", "selftest", "--board", "serial:" + pty.second, "--json", "--quiet");
    assertEquals(0, selftest.exit(), selftest.err());
    assertEquals(stuck, selftest.json().getAsJsonObject("firmware_self_test").get("failed_cells").getAsLong());
  }
}
