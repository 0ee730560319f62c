package insitu.service.protocol;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A request body that fails with {@link BodyTooLargeException} once more than {@code limit} bytes have come. */
public final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private long count;

  public LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override public int read() throws IOException {
    int b = super.read();
    if (b >= 0) count(1);
    return b;
  }

  @Override public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, (int) Math.min(len, limit - count + 1));
    if (n > 0) count(n);
    return n;
  }

  @Override public long skip(long n) throws IOException {
    long s = super.skip(Math.min(n, limit - count + 1));
    count(s);
    return s;
  }

  private void count(long n) throws BodyTooLargeException {
    count += n;
    if (count > limit) throw new BodyTooLargeException(limit);
  }
}
