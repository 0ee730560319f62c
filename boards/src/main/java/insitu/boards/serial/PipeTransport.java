package insitu.boards.serial;

import insitu.boards.BoardException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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

  /** A growable byte FIFO with a blocking, timed take. */
  private static final class ByteQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int headOffset;
    private boolean closed;

    void put(byte[] b, int off, int len) {
      lock.lock();
      try {
        if (closed) throw new BoardException("pipe transport is closed");
        if (len == 0) return;
        byte[] copy = new byte[len];
        System.arraycopy(b, off, copy, 0, len);
        chunks.addLast(copy);
        nonEmpty.signalAll();
      } finally {
        lock.unlock();
      }
    }

    int take(byte[] b, int off, int len, long timeoutMillis) {
      lock.lock();
      try {
        long nanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
        while (chunks.isEmpty()) {
          if (closed) return -1;
          if (nanos <= 0) return 0;
          nanos = nonEmpty.awaitNanos(nanos);
        }
        int n = 0;
        while (n < len && !chunks.isEmpty()) {
          byte[] head = chunks.peekFirst();
          int k = Math.min(len - n, head.length - headOffset);
          System.arraycopy(head, headOffset, b, off + n, k);
          n += k;
          headOffset += k;
          if (headOffset == head.length) {
            chunks.removeFirst();
            headOffset = 0;
          }
        }
        return n;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      } finally {
        lock.unlock();
      }
    }

    void close() {
      lock.lock();
      try {
        closed = true;
        nonEmpty.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
