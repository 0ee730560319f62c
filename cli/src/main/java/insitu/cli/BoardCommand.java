package insitu.cli;

import insitu.boards.emulator.BoardEmulator;
import insitu.boards.emulator.FaultPlan;
import insitu.boards.emulator.FirmwareDefect;
import insitu.errors.UsageException;
import insitu.runtime.Choice;
import insitu.sdk.job.BoardInfoJob;
import insitu.sdk.job.FirmwareSelfTest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code insitu board info|selftest|conformance|emulate}. */
@Command(name = "board", mixinStandardHelpOptions = true, description = "Inspect a board, check firmware against the protocol, or emulate a board on a serial port.")
public final class BoardCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  /** What {@code insitu board} does; {@link #label()} is the command line's word. */
  enum Action implements Choice { INFO, SELFTEST, CONFORMANCE, EMULATE }

  @Parameters(index = "0", paramLabel = "ACTION", converter = Choices.BoardActions.class, completionCandidates = Choices.BoardActions.class,
      description = "${COMPLETION-CANDIDATES}")
  Action action;
  @Option(names = "--out", paramLabel = "FILE.json",
      description = "info: store the board's spec here (a compile target: insitu compile --target FILE.json); selftest: store the calibration here")
  java.nio.file.Path out;

  @Option(names = "--board", defaultValue = "sim") String board;
  @Option(names = "--seed", defaultValue = "1", converter = OptionRanges.Seed.class) long seed;
  @Option(names = "--port", description = "emulate: serial port (e.g. one end of a socat pty pair)") String port;
  /** The simulated devices an emulated board has: the sim board's device presets. */
  enum EmulatedDevice implements Choice { PAPER, IDEAL, REALISTIC }

  @Option(names = "--device", defaultValue = "paper", converter = Choices.EmulatedDevices.class, completionCandidates = Choices.EmulatedDevices.class,
      description = "emulate: device model ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})") EmulatedDevice device;
  @Option(names = "--arrays", defaultValue = "1", converter = OptionRanges.ArrayCount.class, description = "emulate: number of 128x64 arrays") int arrays;
  @Option(names = "--fault-rate", defaultValue = "0", converter = OptionRanges.Fraction.class, description = "emulate: fraction of bytes dropped or corrupted") double faultRate;
  @Option(names = "--reset-every", defaultValue = "0", converter = OptionRanges.Count.class, description = "emulate: reset the board every N commands on average (0 = never)") int resetEvery;
  @Option(names = "--defect", paramLabel = "NAME", description = "emulate: a deliberate firmware bug, repeatable: ${COMPLETION-CANDIDATES}",
      completionCandidates = DefectNames.class) java.util.List<String> defects = new java.util.ArrayList<>();

  /** The defect names, for the help text. */
  static final class DefectNames implements Iterable<String> {
    @Override public java.util.Iterator<String> iterator() {
      return java.util.Arrays.stream(FirmwareDefect.values()).map(FirmwareDefect::cliName).iterator();
    }
  }

  @Override public Integer call() {
    return switch (action) {
      case INFO -> info();
      case SELFTEST -> SelftestCommand.run(board, seed, out, common);
      case CONFORMANCE -> ConformanceCommand.run(board, seed, common);
      case EMULATE -> emulate();
    };
  }

  private int info() {
    BoardInfoJob.Report s = BoardInfoJob.run(board, seed, out);
    Runner.print(s, common, String.format("%s: %d array(s) of %dx%d 1T1R cells, G %.0f-%.0f µS, read %.2f V, ADC %s",
        s.name(), s.arrays(), s.rows(), s.cols(), s.minSiemens() * 1e6, s.maxSiemens() * 1e6, s.readVolts(),
        s.adcBits() == 0 ? "exact" : s.adcBits() + " bits") + FirmwareSelfTest.summary(s.firmwareSelfTest()));
    return 0;
  }

  /** Serves a simulated board over a serial port, as a board's firmware would, until the port closes. */
  private int emulate() {
    if (port == null) throw new UsageException("board emulate needs --port PATH");
    java.util.Set<FirmwareDefect> bugs = java.util.EnumSet.noneOf(FirmwareDefect.class);
    try {
      for (String d : defects) bugs.add(FirmwareDefect.parse(d));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    FaultPlan faults = faultRate > 0 || resetEvery > 0
        ? new FaultPlan(faultRate / 2, faultRate / 2, 0.02, 3, resetEvery > 0 ? 1.0 / resetEvery : 0, -1)
        : FaultPlan.none();
    try {
      BoardEmulator.serve(port, "sim:" + device.label() + "?arrays=" + arrays, seed, faults, bugs, spec -> {
        if (!common.quiet) System.err.printf("insitu: emulating %s on %s (seed %d, %d array(s)%s)%n", spec.name(), port, seed, arrays,
            bugs.isEmpty() ? "" : ", defects " + defects);
      });
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return 0;
  }
}
