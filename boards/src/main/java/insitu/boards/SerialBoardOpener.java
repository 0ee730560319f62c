package insitu.boards;

import insitu.boards.gpio.ControlLines;
import insitu.errors.BoardException;
import insitu.boards.gpio.ControlPins;
import insitu.boards.gpio.NoControlLines;
import insitu.boards.gpio.Pi4jControlLines;
import insitu.boards.serial.SerialBoard;
import insitu.boards.serial.SessionOptions;
import insitu.boards.serial.Ticker;
import insitu.boards.serial.Transport;
import insitu.boards.serial.port.JSerialCommTransport;
import java.util.Set;

/** The {@code serial:PORT?baud=…&gpio=…&timeoutMs=…} scheme of {@link BoardOpener}. */
final class SerialBoardOpener {
  private static final Set<String> OPTIONS = Set.of("baud", "gpio", "timeoutMs");

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
    ControlLines lines = lines(uri.option("gpio", "none"));
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

  private static ControlLines lines(String gpio) {
    try {
      return switch (gpio) {
        case "none" -> new NoControlLines();
        case "raspberrypi" -> Pi4jControlLines.withOwnContext(ControlPins.defaults(), Pi4jControlLines.GPIOD_OUTPUT, Pi4jControlLines.GPIOD_INPUT);
        case "mock" -> Pi4jControlLines.withOwnContext(ControlPins.defaults(), Pi4jControlLines.MOCK_OUTPUT, Pi4jControlLines.MOCK_INPUT);
        default -> throw new IllegalArgumentException("unknown gpio '" + gpio + "'; valid: none, raspberrypi, mock");
      };
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BoardException("cannot open GPIO control lines (" + gpio + "): " + e.getMessage(), e);
    }
  }
}
