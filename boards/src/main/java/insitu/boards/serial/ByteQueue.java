package insitu.boards.serial;

import insitu.errors.BoardException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A growable byte FIFO with a blocking, timed take: the inside of {@link PipeTransport}, and the
 * hand-over between {@code JSerialCommTransport}'s reader thread and its callers, whose timed
 * waits then end the moment bytes arrive and not on a polling tick.
 */
public final class ByteQueue {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition nonEmpty = lock.newCondition();
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private int headOffset;
  private boolean closed;

  public void put(byte[] b, int off, int len) {
    lock.lock();
    try {
      if (closed) throw new BoardException("the link is closed");
      if (len == 0) return;
      byte[] copy = new byte[len];
      System.arraycopy(b, off, copy, 0, len);
      chunks.addLast(copy);
      nonEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Up to {@code len} bytes, waiting up to {@code timeoutMillis}; 0 on timeout, -1 once closed and empty. */
  public int take(byte[] b, int off, int len, long timeoutMillis) {
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

  /** No more puts; takes drain what is left, then return -1. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      nonEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
