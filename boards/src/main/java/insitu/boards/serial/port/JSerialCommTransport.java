package insitu.boards.serial.port;

import com.fazecast.jSerialComm.SerialPort;
import insitu.boards.BoardException;
import insitu.boards.serial.Transport;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A serial port through jSerialComm (the only class that imports it). Reads are semi-blocking
 * with a timeout, so they return as soon as any byte arrives and never wait forever.
 */
public final class JSerialCommTransport implements Transport {
  public static final int DEFAULT_BAUD = 921_600;
  /**
   * Semi-blocking reads wait in whole tenths of a second (termios VTIME). Waits at least this long
   * use them (the kernel wakes the reader the moment bytes arrive, best for bulk transfers);
   * shorter ones poll, so that a 20 ms retransmit timeout is really 20 ms and not 100.
   */
  private static final int BLOCKING_READ_MILLIS = 100;
  /** Longest nap between polls. */
  private static final long POLL_NANOS = 1_000_000;
  /**
   * First poll interval after an empty read; it doubles up to {@link #POLL_NANOS}. While data is
   * streaming the next bytes are microseconds away, and a fixed 1 ms nap per empty read halved the
   * throughput of bulk transfers.
   */
  private static final long FIRST_POLL_NANOS = 20_000;
  private static final int WRITE_TIMEOUT_MILLIS = 2000;
  private static final int DATA_BITS = 8;

  private final SerialPort port;
  private final String path;

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
    port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, BLOCKING_READ_MILLIS,
        WRITE_TIMEOUT_MILLIS);
    return new JSerialCommTransport(port, path);
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
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    long nap = FIRST_POLL_NANOS;
    while (true) {
      if (!port.isOpen()) return -1;
      long left = deadline - System.nanoTime();
      int n;
      if (left >= TimeUnit.MILLISECONDS.toNanos(BLOCKING_READ_MILLIS)) {
        n = port.readBytes(buffer, length, offset);
      } else {
        int available = port.bytesAvailable();
        n = available > 0 ? port.readBytes(buffer, Math.min(length, available), offset) : available;
      }
      if (n < 0) {
        if (!port.isOpen()) return -1;
        throw new BoardException("read from serial port " + path + " failed (error " + port.getLastErrorCode() + ")");
      }
      if (n > 0 || System.nanoTime() - deadline >= 0) return n;
      LockSupport.parkNanos(nap);
      nap = Math.min(POLL_NANOS, 2 * nap);
    }
  }

  @Override
  public void close() {
    port.closePort();
  }
}
