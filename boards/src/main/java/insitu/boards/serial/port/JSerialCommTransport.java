package insitu.boards.serial.port;

import com.fazecast.jSerialComm.SerialPort;
import insitu.errors.BoardException;
import insitu.boards.serial.ByteQueue;
import insitu.boards.serial.Transport;

/**
 * A serial port through jSerialComm (the only class that imports it). A reader thread blocks in
 * the kernel and hands bytes over through a {@link ByteQueue}, so a caller's timed read ends the
 * moment bytes arrive and a 5 ms timeout is 5 ms. (termios read timeouts count in tenths of a
 * second, and polling the port costs a nap of up to a millisecond per empty check, on every hop
 * of every round trip.) Writes return once the bytes are in the kernel's buffer, without waiting
 * for them to drain (tcdrain): the protocol's timeouts already allow for the board taking them in.
 */
public final class JSerialCommTransport implements Transport {
  public static final int DEFAULT_BAUD = 921_600;
  /** The reader's kernel wait (termios VTIME, whole tenths of a second); it only bounds how soon close is noticed. */
  private static final int READER_WAIT_MILLIS = 100;
  private static final int READ_CHUNK_BYTES = 16384;
  private static final long CLOSE_JOIN_MILLIS = 1000;
  private static final int DATA_BITS = 8;

  private final SerialPort port;
  private final String path;
  private final ByteQueue received = new ByteQueue();
  private final Thread reader;
  private volatile String readError;

  private JSerialCommTransport(SerialPort port, String path) {
    this.port = port;
    this.path = path;
    this.reader = new Thread(this::readLoop, "serial-reader " + path);
    reader.setDaemon(true);
    reader.start();
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
    // Semi-blocking reads (return as soon as any byte is there), plain blocking writes (no tcdrain).
    port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, READER_WAIT_MILLIS, 0);
    return new JSerialCommTransport(port, path);
  }

  private void readLoop() {
    byte[] buf = new byte[READ_CHUNK_BYTES];
    while (true) {
      int n = port.isOpen() ? port.readBytes(buf, buf.length) : -1;
      if (n > 0) {
        try {
          received.put(buf, 0, n);
        } catch (BoardException closed) {
          return; // closed while this read was under way
        }
      } else if (n < 0) {
        if (port.isOpen()) readError = "read from serial port " + path + " failed (error " + port.getLastErrorCode() + ")";
        received.close();
        return;
      }
    }
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
    int n = received.take(buffer, offset, length, timeoutMillis);
    if (n < 0 && readError != null) throw new BoardException(readError);
    return n;
  }

  @Override
  public void close() {
    port.closePort();
    received.close();
    try {
      reader.join(CLOSE_JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
