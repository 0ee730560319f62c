package insitu.boards.serial.port;

import com.fazecast.jSerialComm.SerialPort;
import insitu.boards.BoardException;
import insitu.boards.serial.Transport;

/**
 * A serial port through jSerialComm (the only class that imports it). Reads are semi-blocking
 * with a timeout, so they return as soon as any byte arrives and never wait forever.
 */
public final class JSerialCommTransport implements Transport {
  public static final int DEFAULT_BAUD = 921_600;
  /** Semi-blocking reads with a 0 ms timeout misbehave (jSerialComm #147): never ask for less. */
  private static final int MIN_READ_TIMEOUT_MILLIS = 1;
  private static final int WRITE_TIMEOUT_MILLIS = 2000;
  private static final int DATA_BITS = 8;

  private final SerialPort port;
  private final String path;
  private long timeoutSetMillis = -1;

  private JSerialCommTransport(SerialPort port, String path) {
    this.port = port;
    this.path = path;
  }

  /** Opens a port by path (a device, a symlink such as /dev/serial0, or a pty) at 8N1. */
  public static JSerialCommTransport open(String path, int baud) {
    SerialPort port;
    try {
      port = SerialPort.getCommPort(path);
    } catch (RuntimeException e) { // SerialPortInvalidPortException for a path that does not exist
      throw new BoardException("no serial port at " + path + ": " + e.getMessage(), e);
    }
    port.setComPortParameters(baud, DATA_BITS, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
    port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
    // On a pty getLastErrorCode() reads 25 (ENOTTY) even after a good open, so only openPort() decides.
    if (!port.openPort())
      throw new BoardException("cannot open serial port " + path + " (error " + port.getLastErrorCode()
          + "); check the path and that you are in the dialout group");
    JSerialCommTransport t = new JSerialCommTransport(port, path);
    t.timeouts(MIN_READ_TIMEOUT_MILLIS);
    return t;
  }

  private void timeouts(long readMillis) {
    long ms = Math.max(MIN_READ_TIMEOUT_MILLIS, Math.min(Integer.MAX_VALUE, readMillis));
    if (ms == timeoutSetMillis) return;
    port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, (int) ms, WRITE_TIMEOUT_MILLIS);
    timeoutSetMillis = ms;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    int done = 0;
    while (done < length) {
      int n = port.writeBytes(bytes, length - done, offset + done);
      if (n <= 0) throw new BoardException("write to serial port " + path + " failed (error " + port.getLastErrorCode() + ")");
      done += n;
    }
  }

  @Override
  public int read(byte[] buffer, int offset, int length, long timeoutMillis) {
    if (!port.isOpen()) return -1;
    timeouts(timeoutMillis);
    int n = port.readBytes(buffer, length, offset);
    if (n < 0) {
      if (!port.isOpen()) return -1;
      throw new BoardException("read from serial port " + path + " failed (error " + port.getLastErrorCode() + ")");
    }
    return n;
  }

  @Override
  public void close() {
    port.closePort();
  }
}
