package insitu.boards.conformance;

import insitu.boards.BoardOpener;
import insitu.boards.BoardSpec;
import insitu.boards.emulator.BoardEmulator;
import insitu.boards.emulator.FaultPlan;
import insitu.boards.emulator.FirmwareDefect;
import insitu.boards.serial.Ticker;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Opens the firmware a conformance run talks to from a board spec: a serial port
 * ({@code serial:/dev/ttyACM0?baud=921600&gpio=raspberrypi&timeoutMs=250}), or the reference
 * firmware in process on virtual time ({@code emulator:paper?defects=stale-read,bad-crc}).
 */
public final class FirmwareTargets {
  public static final String VALID = "serial:PORT (options ?baud=921600&gpio=none|raspberrypi|mock&timeoutMs=250), "
      + "emulator[:paper|ideal|realistic] (options ?arrays=N&rows=R&cols=C&seed=S&defects=NAME,NAME; defects: " + FirmwareDefect.names() + ")";
  private static final Set<String> EMULATOR_OPTIONS = Set.of("arrays", "rows", "cols", "seed", "defects");
  private static final long READY_TIMEOUT_MILLIS = 3000;

  private FirmwareTargets() {}

  /** Opens the target; IllegalArgumentException for a malformed spec, BoardException when the port cannot be opened. */
  public static FirmwareTarget open(String spec, long defaultSeed) {
    BoardOpener.BoardUri uri = BoardOpener.parse(spec);
    return switch (uri.scheme()) {
      case "serial" -> serial(uri);
      case "emulator" -> emulator(uri, defaultSeed);
      default -> throw new IllegalArgumentException("conformance needs firmware to talk to, not '" + spec + "'; valid: " + VALID);
    };
  }

  /** The reference firmware serving {@code devices} in process, on virtual time, with these bugs. */
  public static FirmwareTarget emulator(SimulatedBoard devices, long seed, Collection<FirmwareDefect> defects) {
    VirtualTicker ticker = new VirtualTicker();
    EmulatorLink link = new EmulatorLink(ticker);
    Set<FirmwareDefect> bugs = defects.isEmpty() ? EnumSet.noneOf(FirmwareDefect.class) : EnumSet.copyOf(defects);
    BoardEmulator firmware = new BoardEmulator(devices, link.boardEnd(), seed, FirmwareDefect.faultsFor(FaultPlan.none(), bugs), ticker)
        .withDefects(bugs);
    link.attach(firmware);
    String name = "emulator:" + devices.deviceModel().name() + (bugs.isEmpty() ? "" : " with " + bugs);
    return new FirmwareTarget(name, link, ticker, Optional.of(firmware::resetLine), ConformanceOptions.defaults(), firmware);
  }

  private static FirmwareTarget emulator(BoardOpener.BoardUri uri, long defaultSeed) {
    check(uri, EMULATOR_OPTIONS);
    DeviceModel model = BoardOpener.deviceModel(uri.target());
    int arrays = (int) number(uri.option("arrays", "1"), "arrays");
    int rows = (int) number(uri.option("rows", "128"), "rows");
    int cols = (int) number(uri.option("cols", "64"), "cols");
    long seed = number(uri.option("seed", Long.toString(defaultSeed)), "seed");
    if (arrays < 1 || rows < 1 || cols < 1 || arrays > 0xFFFF || rows > 0xFFFF || cols > 0xFFFF)
      throw new IllegalArgumentException("emulator arrays, rows and cols must lie in 1..65535");
    Set<FirmwareDefect> defects = EnumSet.noneOf(FirmwareDefect.class);
    for (String name : uri.option("defects", "").split(",")) if (!name.isEmpty()) defects.add(FirmwareDefect.parse(name));
    BoardSpec spec = SimulatedBoard.specFor(model, arrays, rows, cols);
    BoardOpener.requireHeapFor(spec, model);
    return emulator(SimulatedBoard.withOwnWorkers(spec, model, seed), seed, defects);
  }

  private static FirmwareTarget serial(BoardOpener.BoardUri uri) {
    return BoardOpener.openSerial(uri, (port, session, lines) -> {
      try {
        Ticker ticker = Ticker.system();
        Optional<ResetLine> reset = Optional.empty();
        if (lines.present()) {
          GpioResetLine line = new GpioResetLine(lines, ticker, READY_TIMEOUT_MILLIS);
          lines.powerEnable(true);
          line.awaitReady("power-on");
          reset = Optional.of(line);
        }
        ConformanceOptions options = ConformanceOptions.defaults().withAckTimeout(session.ackTimeoutMillis());
        return new FirmwareTarget("serial:" + uri.target(), port, ticker, reset, options, lines);
      } catch (RuntimeException e) {
        port.close();
        throw e;
      }
    });
  }

  private static void check(BoardOpener.BoardUri uri, Set<String> valid) {
    for (String k : uri.options().keySet())
      if (!valid.contains(k)) throw new IllegalArgumentException("unknown option '" + k + "' for " + uri.scheme() + "; valid: " + VALID);
  }

  private static long number(String text, String what) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number for " + what + ": '" + text + "'; valid: " + VALID);
    }
  }
}
