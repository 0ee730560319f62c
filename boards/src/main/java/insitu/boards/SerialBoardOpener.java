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

  private SerialBoardOpener() {}

  static Board open(BoardOpener.BoardUri uri) {
    return open(uri, (port, options, lines) -> SerialBoard.open(port, options, lines, Ticker.system()));
  }

  /** Opens the port and control lines a spec names and hands them to {@code connector}; closes the lines if that fails. */
  static <T> T open(BoardOpener.BoardUri uri, BoardOpener.SerialConnector<T> connector) {
    for (String k : uri.options().keySet())
      if (!OPTIONS.contains(k)) throw new IllegalArgumentException("unknown serial board option '" + k + "'; valid: " + BoardOpener.VALID);
    if (uri.target().isEmpty()) throw new IllegalArgumentException("serial board needs a port, e.g. serial:/dev/ttyUSB0");
    int baud;
    long timeoutMs;
    try {
      baud = Integer.parseInt(uri.option("baud", Integer.toString(JSerialCommTransport.DEFAULT_BAUD)));
      timeoutMs = Long.parseLong(uri.option("timeoutMs", Long.toString(SessionOptions.serialDefaults().ackTimeoutMillis())));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number in board spec: " + e.getMessage() + "; valid: " + BoardOpener.VALID);
    }
    if (baud <= 0 || timeoutMs <= 0) throw new IllegalArgumentException("baud and timeoutMs must be > 0");
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
