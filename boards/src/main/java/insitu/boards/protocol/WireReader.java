package insitu.boards.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Little-endian payload reader that never trusts a count: every array length is checked against
 * the bytes that remain before anything is allocated, so a corrupt count cannot exhaust memory.
 */
public final class WireReader {
  private final ByteBuffer buf;

  public WireReader(byte[] payload) {
    buf = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
  }

  private void need(long bytes, String what) throws ProtocolException {
    if (bytes < 0 || bytes > buf.remaining())
      throw new ProtocolException(NakCode.BAD_LENGTH, what + " needs " + bytes + " bytes, " + buf.remaining() + " remain");
  }

  public int u8(String what) throws ProtocolException {
    need(1, what);
    return buf.get() & 0xFF;
  }

  public int u16(String what) throws ProtocolException {
    need(2, what);
    return buf.getShort() & 0xFFFF;
  }

  public long u32(String what) throws ProtocolException {
    need(4, what);
    return buf.getInt() & 0xFFFF_FFFFL;
  }

  /** A u32 used as a count or index; must fit a Java int. */
  public int count(String what) throws ProtocolException {
    long v = u32(what);
    if (v > Integer.MAX_VALUE) throw new ProtocolException(NakCode.BAD_LENGTH, what + " " + v + " too large");
    return (int) v;
  }

  public double f64(String what) throws ProtocolException {
    need(8, what);
    return buf.getDouble();
  }

  public int[] u16s(int n, String what) throws ProtocolException {
    need(2L * n, what);
    int[] v = new int[n];
    for (int i = 0; i < n; i++) v[i] = buf.getShort() & 0xFFFF;
    return v;
  }

  public double[] f64s(long n, String what) throws ProtocolException {
    need(8L * n, what);
    double[] v = new double[(int) n];
    buf.asDoubleBuffer().get(v);
    buf.position(buf.position() + 8 * (int) n);
    return v;
  }

  public byte[] bytes(int n, String what) throws ProtocolException {
    need(n, what);
    byte[] b = new byte[n];
    buf.get(b);
    return b;
  }

  public String string(String what) throws ProtocolException {
    int n = u16(what);
    need(n, what);
    byte[] b = new byte[n];
    buf.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Throws unless every byte was consumed: trailing bytes mean a malformed payload. */
  public void end(String what) throws ProtocolException {
    if (buf.hasRemaining())
      throw new ProtocolException(NakCode.BAD_LENGTH, what + " has " + buf.remaining() + " trailing bytes");
  }

}
