package insitu.boards;

import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import insitu.numeric.parallel.Workers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opens a board from a spec string, the form users type on the command line:
 * {@code sim}, {@code sim:ideal}, {@code sim:paper?arrays=8&seed=3&stuck=0.01},
 * {@code sim:realistic?stuck=0.04&window=60&adcBits=12},
 * {@code serial:/dev/ttyUSB0?baud=921600},
 * {@code serial:/dev/ttyAMA0?gpio=raspberrypi&reset=17&power=27&ready=22&chip=gpiochip0}.
 */
public final class BoardOpener {
  public static final String VALID = "sim, sim:paper, sim:ideal, sim:realistic (options ?arrays=N&rows=R&cols=C&seed=S&stuck=F&readNoise=F"
      + "&writeNoise=µS&adcBits=B&window=µS&badRows=a:r;…&badCols=a:c;…), "
      + "serial:PORT (options ?baud=921600&timeoutMs=250&gpio=none|raspberrypi|mock&reset=17&power=27&ready=22&chip=auto)";

  private BoardOpener() {}

  /** Parsed form of a board spec string. */
  public record BoardUri(String scheme, String target, Map<String, String> options) {
    public String option(String key, String fallback) {
      return options.getOrDefault(key, fallback);
    }
  }

  public static BoardUri parse(String text) {
    if (text == null || text.isBlank()) throw new IllegalArgumentException("empty board spec; valid: " + VALID);
    String body = text, query = "";
    int q = text.indexOf('?');
    if (q >= 0) {
      body = text.substring(0, q);
      query = text.substring(q + 1);
    }
    String scheme = body, target = "";
    int c = body.indexOf(':');
    if (c >= 0) {
      scheme = body.substring(0, c);
      target = body.substring(c + 1);
    }
    Map<String, String> opts = new LinkedHashMap<>();
    for (String kv : query.split("&")) {
      if (kv.isEmpty()) continue;
      int e = kv.indexOf('=');
      if (e <= 0) throw new IllegalArgumentException("board option '" + kv + "' is not key=value");
      opts.put(kv.substring(0, e), kv.substring(e + 1));
    }
    return new BoardUri(scheme, target, opts);
  }

  /**
   * Opens a board; {@code defaultSeed} applies when the spec names none. A simulated board runs its
   * products on {@code workers}, which the caller closes after the board.
   */
  public static Board open(String text, long defaultSeed, Workers workers) {
    return open(text, defaultSeed, workers, false);
  }

  /** {@link #open(String, long, Workers)} for a board that gets workers of its own and closes them with itself. */
  public static Board open(String text, long defaultSeed) {
    return open(text, defaultSeed, null, true);
  }

  private static Board open(String text, long defaultSeed, Workers workers, boolean ownWorkers) {
    BoardUri uri = parse(text);
    if (uri.scheme().equals("sim")) {
      SimulatedConfig c = simulated(uri, defaultSeed);
      return ownWorkers ? SimulatedBoard.withOwnWorkers(c.spec(), c.model(), c.seed()) : new SimulatedBoard(c.spec(), c.model(), c.seed(), workers);
    }
    if (uri.scheme().equals("serial")) return SerialBoardOpener.open(uri);
    throw new IllegalArgumentException("unknown board '" + text + "'; valid: " + VALID);
  }

  /** What to make of an opened serial link (a {@code SerialBoard}, a conformance target…); it owns the port once called. */
  @FunctionalInterface
  public interface SerialConnector<T> {
    T connect(insitu.boards.serial.Transport port, insitu.boards.serial.SessionOptions options, insitu.boards.gpio.ControlLines lines);
  }

  /**
   * Opens the port and control lines of a {@code serial:} spec, with the session options it names,
   * and hands them to {@code connector}. The lines are closed again if it fails.
   */
  public static <T> T openSerial(BoardUri uri, SerialConnector<T> connector) {
    return SerialBoardOpener.open(uri, connector);
  }

  /** A simulated board's spec (with defects), device model and seed, as a {@code sim:} spec string gives them. */
  public record SimulatedConfig(BoardSpec spec, DeviceModel model, long seed) {}

  /** Parses a {@code sim:…} spec string without opening anything. */
  public static SimulatedConfig simulated(String text, long defaultSeed) {
    BoardUri uri = parse(text);
    if (!uri.scheme().equals("sim")) throw new IllegalArgumentException("not a simulated board: '" + text + "'; valid: " + VALID);
    return simulated(uri, defaultSeed);
  }

  /**
   * A noiseless, defect-free simulated board of this geometry (the ideal devices): weights written
   * to it are read back unchanged. For rebuilding a model from weights that were read elsewhere.
   */
  public static Board idealSimulator(int arrays, int rows, int cols, Workers workers) {
    DeviceModel ideal = DeviceModel.ideal();
    return new SimulatedBoard(SimulatedBoard.specFor(ideal, arrays, rows, cols), ideal, 1, workers);
  }

  public static DeviceModel deviceModel(String name) {
    return switch (name.isEmpty() ? "paper" : name) {
      case "paper" -> DeviceModel.paper();
      case "ideal" -> DeviceModel.ideal();
      case "realistic" -> DeviceModel.realistic();
      default -> throw new IllegalArgumentException("unknown device model '" + name + "'; valid: paper, ideal, realistic");
    };
  }

  /**
   * The spec of the board a spec string names, without opening it: a simulated board's spec is
   * derived from the string (no cells are allocated); a real board's can only be read from the
   * board, so a serial spec is refused with the way to get its spec into a file.
   */
  public static BoardSpec spec(String text) {
    BoardUri uri = parse(text);
    if (uri.scheme().equals("sim")) return simulated(uri, 0).spec();
    if (uri.scheme().equals("serial"))
      throw new IllegalArgumentException("'" + text + "' is a real board, whose spec comes from the board itself: write it once with"
          + " 'insitu board info --board " + text + " --out board.json' and use the file (e.g. --target board.json)");
    throw new IllegalArgumentException("unknown board '" + text + "'; valid: " + VALID);
  }

  private static SimulatedConfig simulated(BoardUri uri, long defaultSeed) {
    try {
      DeviceModel model = deviceModel(uri.target());
      for (String k : uri.options().keySet())
        if (!java.util.Set.of("arrays", "rows", "cols", "seed", "stuck", "readNoise", "adcBits", "badRows", "badCols", "writeNoise", "window").contains(k))
          throw new IllegalArgumentException("unknown board option '" + k + "'; valid: " + VALID);
      // stuck=F: a fraction F of the cells stuck, half low and half high (replaces the preset's own).
      if (uri.options().containsKey("stuck")) {
        double stuck = Double.parseDouble(uri.option("stuck", "0"));
        if (stuck > 0 || model.stuckOffFraction() + model.stuckOnFraction() > 0) model = model.withStuck(stuck / 2, stuck / 2);
      }
      if (uri.options().containsKey("window")) model = model.withMaxSiemens(Double.parseDouble(uri.option("window", "")) * 1e-6);
      if (uri.options().containsKey("readNoise")) model = model.withReadNoise(Double.parseDouble(uri.option("readNoise", "0")));
      if (uri.options().containsKey("writeNoise"))
        model = model.withWriteNoise(Double.parseDouble(uri.option("writeNoise", "0")) * 1e-6);
      int arrays = Integer.parseInt(uri.option("arrays", "1"));
      int rows = Integer.parseInt(uri.option("rows", "128"));
      int cols = Integer.parseInt(uri.option("cols", "64"));
      long seed = Long.parseLong(uri.option("seed", Long.toString(defaultSeed)));
      BoardSpec spec = SimulatedBoard.specFor(model, arrays, rows, cols);
      int adc = Integer.parseInt(uri.option("adcBits", "0"));
      if (adc > 0 && !model.readout().isNone()) model = model.withReadout(model.readout().withAdcBits(adc));
      if (adc > 0) spec = new BoardSpec(spec.name(), arrays, rows, cols, spec.minSiemens(), spec.maxSiemens(), spec.readVolts(),
          spec.maxSetVolts(), spec.maxResetVolts(), spec.maxGateVolts(), adc, spec.fullScaleAmps(), spec.defects());
      DefectMap d = DefectMap.none();
      for (String item : uri.option("badRows", "").split(";")) {
        if (item.isEmpty()) continue;
        String[] p = item.split(":");
        d = d.withBadRow(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
      }
      for (String item : uri.option("badCols", "").split(";")) {
        if (item.isEmpty()) continue;
        String[] p = item.split(":");
        d = d.withBadCol(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
      }
      return new SimulatedConfig(spec.withDefects(d), model, seed);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number in board spec: " + e.getMessage() + "; valid: " + VALID);
    }
  }
}
