package insitu.boards;

import insitu.boards.gpio.ControlLines;
import insitu.boards.gpio.ControlLinesOpener;
import insitu.boards.gpio.GpioChips;
import insitu.boards.gpio.GpioSpec;
import insitu.boards.serial.SerialBoard;
import insitu.boards.serial.SessionOptions;
import insitu.boards.serial.Ticker;
import insitu.boards.serial.Transport;
import insitu.boards.serial.port.JSerialCommTransport;
import java.util.HashSet;
import java.util.Set;

/**
 * The {@code serial:PORT?baud=…&timeoutMs=…&gpio=…&reset=…&power=…&ready=…&chip=…} scheme of
 * {@link BoardOpener}; the GPIO options are {@link GpioSpec}'s.
 */
final class SerialBoardOpener {
  private static final Set<String> OPTIONS = options();

  /** Faster than any UART a board has; slower timeouts than a minute only hide a dead link. */
  private static final long MAX_BAUD = 16_000_000, MAX_TIMEOUT_MILLIS = 60_000;

  private SerialBoardOpener() {}

  static Board open(BoardOpener.BoardUri uri) {
    return open(uri, (port, options, lines) -> SerialBoard.open(port, options, lines, Ticker.system()));
  }

  /** Opens the port and control lines a spec names and hands them to {@code connector}; closes the lines if that fails. */
  static <T> T open(BoardOpener.BoardUri uri, BoardOpener.SerialConnector<T> connector) {
    for (String k : uri.options().keySet())
      if (!OPTIONS.contains(k)) throw new IllegalArgumentException("unknown serial board option '" + k + "'; valid: " + BoardOpener.VALID);
    if (uri.target().isEmpty()) throw new IllegalArgumentException("serial board needs a port, e.g. serial:/dev/ttyUSB0");
    BoardOptions o = new BoardOptions(uri.options());
    int baud = (int) o.integer("baud", JSerialCommTransport.DEFAULT_BAUD, 1, MAX_BAUD);
    long timeoutMs = o.integer("timeoutMs", SessionOptions.serialDefaults().ackTimeoutMillis(), 1, MAX_TIMEOUT_MILLIS);
    GpioSpec gpio = GpioSpec.parse(uri.options());
    ControlLines lines = ControlLinesOpener.open(gpio, GpioChips.system());
    Transport port;
    try {
      port = JSerialCommTransport.open(uri.target(), baud);
    } catch (RuntimeException e) {
      lines.close();
      throw e;
    }
    try {
      return connector.connect(port, SessionOptions.serialDefaults().withAckTimeout(timeoutMs), lines);
    } catch (RuntimeException e) {
      lines.close();
      throw e;
    }
  }

  private static Set<String> options() {
    Set<String> all = new HashSet<>(Set.of("baud", "timeoutMs"));
    all.addAll(GpioSpec.OPTIONS);
    return Set.copyOf(all);
  }
}
