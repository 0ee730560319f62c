package insitu.boards.serial;

/**
 * A byte link to a board: a serial port or an in-memory pipe. Reads are bounded by a timeout so
 * that no layer above can wait forever.
 */
public interface Transport extends AutoCloseable {

  /** Writes all bytes, or throws {@link insitu.errors.BoardException} when the link is gone. */
  void write(byte[] bytes, int offset, int length);

  /**
   * Reads at least one and at most {@code length} bytes, waiting up to {@code timeoutMillis}.
   *
   * @return bytes read, 0 on timeout, -1 once the link is closed
   */
  int read(byte[] buffer, int offset, int length, long timeoutMillis);

  @Override
  void close();
}
