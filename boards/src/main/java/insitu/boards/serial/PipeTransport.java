package insitu.boards.serial;

/** One end of an in-memory full-duplex byte link; {@link #pair()} makes both ends. For tests. */
public final class PipeTransport implements Transport {
  private final ByteQueue inbound;
  private final ByteQueue outbound;

  private PipeTransport(ByteQueue inbound, ByteQueue outbound) {
    this.inbound = inbound;
    this.outbound = outbound;
  }

  /** Two connected ends: what one writes the other reads. */
  public static PipeTransport[] pair() {
    ByteQueue aToB = new ByteQueue(), bToA = new ByteQueue();
    return new PipeTransport[] {new PipeTransport(bToA, aToB), new PipeTransport(aToB, bToA)};
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    outbound.put(bytes, offset, length);
  }

  @Override
  public int read(byte[] buffer, int offset, int length, long timeoutMillis) {
    return inbound.take(buffer, offset, length, timeoutMillis);
  }

  /** Closing either end closes the link both ways, like unplugging a cable. */
  @Override
  public void close() {
    inbound.close();
    outbound.close();
  }
}
