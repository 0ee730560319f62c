package insitu.boards.emulator;

import insitu.boards.serial.Transport;
import java.util.SplittableRandom;

/** A transport that loses and damages bytes in both directions, as a noisy cable would. */
final class FaultyTransport implements Transport {
  private final Transport inner;
  private final FaultPlan plan;
  private final SplittableRandom random;
  private long dropped, corrupted;

  FaultyTransport(Transport inner, FaultPlan plan, SplittableRandom random) {
    this.inner = inner;
    this.plan = plan;
    this.random = random;
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    byte[] out = new byte[length];
    int n = damage(bytes, offset, length, out);
    if (n > 0) inner.write(out, 0, n);
  }

  @Override
  public int read(byte[] buffer, int offset, int length, long timeoutMillis) {
    byte[] in = new byte[length];
    int got = inner.read(in, 0, length, timeoutMillis);
    if (got <= 0) return got;
    synchronized (this) {
      int n = damage(in, 0, got, in);
      System.arraycopy(in, 0, buffer, offset, n);
      // Every byte dropped: report "nothing yet" rather than end of stream.
      return n;
    }
  }

  private int damage(byte[] src, int off, int len, byte[] dst) {
    int w = 0;
    for (int i = off; i < off + len; i++) {
      double u = random.nextDouble();
      if (u < plan.dropRate()) {
        dropped++;
        continue;
      }
      byte b = src[i];
      if (u < plan.dropRate() + plan.corruptRate()) {
        b ^= (byte) (1 << random.nextInt(Byte.SIZE));
        corrupted++;
      }
      dst[w++] = b;
    }
    return w;
  }

  synchronized long droppedBytes() { return dropped; }
  synchronized long corruptedBytes() { return corrupted; }

  @Override
  public void close() {
    inner.close();
  }
}
