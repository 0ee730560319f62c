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

  /** Largest arrays, rows and columns a board may have: the wire protocol counts them in 16 bits. */
  public static final int MAX_ARRAYS = BoardSpec.MAX_LINES, MAX_LINES = BoardSpec.MAX_LINES;
  /** Most cells a simulated board may have, whatever the heap (4096 arrays of 128 x 64 are 2^25); a spec alone may name more. */
  public static final long MAX_CELLS = 1L << 28;
  /** Largest conductance window (and write noise) in µS a spec string may name: 1 S. */
  private static final double MAX_WINDOW_MICROSIEMENS = 1e6;
  /**
   * Heap a simulated board needs per cell (conductances, states, gathered products; with device
   * physics also its history), measured with margin (docs/robustness.md).
   */
  private static final long SIM_BYTES_PER_CELL = 20, PHYSICAL_SIM_BYTES_PER_CELL = 56;

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
      requireHeapFor(c.spec(), c.model());
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
    DeviceModel model = deviceModel(uri.target());
    for (String k : uri.options().keySet())
      if (!java.util.Set.of("arrays", "rows", "cols", "seed", "stuck", "readNoise", "adcBits", "badRows", "badCols", "writeNoise", "window").contains(k))
        throw new IllegalArgumentException("unknown board option '" + k + "'; valid: " + VALID);
    BoardOptions o = new BoardOptions(uri.options());
    // stuck=F: a fraction F of the cells stuck, half low and half high (replaces the preset's own).
    if (o.has("stuck")) {
      double stuck = o.real("stuck", 0, 0, 1);
      if (stuck > 0 || model.stuckOffFraction() + model.stuckOnFraction() > 0) model = model.withStuck(stuck / 2, stuck / 2);
    }
    if (o.has("window")) model = model.withMaxSiemens(o.real("window", 0, model.minSiemens() * 1e6 + 1e-9, MAX_WINDOW_MICROSIEMENS) * 1e-6);
    if (o.has("readNoise")) model = model.withReadNoise(o.real("readNoise", 0, 0, 1));
    if (o.has("writeNoise")) model = model.withWriteNoise(o.real("writeNoise", 0, 0, MAX_WINDOW_MICROSIEMENS) * 1e-6);
    int arrays = (int) o.integer("arrays", 1, 1, MAX_ARRAYS);
    int rows = (int) o.integer("rows", 128, 1, MAX_LINES);
    int cols = (int) o.integer("cols", 64, 1, MAX_LINES);
    long seed = o.integer("seed", defaultSeed, Long.MIN_VALUE, Long.MAX_VALUE);
    BoardSpec spec = SimulatedBoard.specFor(model, arrays, rows, cols);
    int adc = (int) o.integer("adcBits", 0, 0, 24);
    if (adc > 0 && !model.readout().isNone()) model = model.withReadout(model.readout().withAdcBits(adc));
    if (adc > 0) spec = new BoardSpec(spec.name(), arrays, rows, cols, spec.minSiemens(), spec.maxSiemens(), spec.readVolts(),
        spec.maxSetVolts(), spec.maxResetVolts(), spec.maxGateVolts(), adc, spec.fullScaleAmps(), spec.defects());
    java.util.Set<Long> badRows = new java.util.TreeSet<>(), badCols = new java.util.TreeSet<>();
    for (int[] p : o.lines("badRows", arrays, rows)) badRows.add(DefectMap.lineKey(p[0], p[1]));
    for (int[] p : o.lines("badCols", arrays, cols)) badCols.add(DefectMap.lineKey(p[0], p[1]));
    return new SimulatedConfig(spec.withDefects(new DefectMap(badRows, badCols, java.util.Set.of())), model, seed);
  }

  /**
   * Refuses a simulated board this JVM could not hold: its cells are allocated up front, so a board
   * too big for the heap (or past {@link #MAX_CELLS}) is refused before any is, with the way to give it more.
   */
  public static void requireHeapFor(BoardSpec spec, DeviceModel model) {
    long cells = (long) spec.arrays() * spec.rows() * spec.cols();
    if (cells > MAX_CELLS)
      throw new IllegalArgumentException("a simulated board of " + spec.arrays() + " x " + spec.rows() + " x " + spec.cols()
          + " cells is larger than the " + MAX_CELLS + " cells a simulator may have");
    long need = cells * (model.hasDevicePhysics() ? PHYSICAL_SIM_BYTES_PER_CELL : SIM_BYTES_PER_CELL), heap = Runtime.getRuntime().maxMemory();
    if (need > heap / 2)
      throw new IllegalArgumentException("a simulated board of " + cells + " cells needs about " + (need >> 20) + " MB, more than half of this JVM's "
          + (heap >> 20) + " MB heap; use fewer arrays or give it more with INSITU_JAVA_OPTS=-Xmx…");
  }
}
