package insitu.boards.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Little-endian payload writer over a buffer that grows as needed. */
public final class WireWriter {
  private ByteBuffer buf;

  public WireWriter(int initialBytes) {
    buf = ByteBuffer.allocate(Math.max(16, initialBytes)).order(ByteOrder.LITTLE_ENDIAN);
  }

  private void room(int n) {
    if (buf.remaining() >= n) return;
    ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n)).order(ByteOrder.LITTLE_ENDIAN);
    buf.flip();
    bigger.put(buf);
    buf = bigger;
  }

  public WireWriter u8(int v) {
    if (v < 0 || v > 0xFF) throw new IllegalArgumentException(v + " does not fit a u8");
    room(1);
    buf.put((byte) v);
    return this;
  }

  public WireWriter u16(int v) {
    if (v < 0 || v > 0xFFFF) throw new IllegalArgumentException(v + " does not fit a u16");
    room(2);
    buf.putShort((short) v);
    return this;
  }

  public WireWriter u32(long v) {
    if (v < 0 || v > 0xFFFF_FFFFL) throw new IllegalArgumentException(v + " does not fit a u32");
    room(4);
    buf.putInt((int) v);
    return this;
  }

  public WireWriter f64(double v) {
    room(8);
    buf.putDouble(v);
    return this;
  }

  public WireWriter u16s(int[] v, int from, int to) {
    room(2 * (to - from));
    for (int i = from; i < to; i++) u16(v[i]);
    return this;
  }

  public WireWriter f64s(double[] v, int from, int to) {
    room(8 * (to - from));
    for (int i = from; i < to; i++) buf.putDouble(v[i]);
    return this;
  }

  public WireWriter bytes(byte[] b) {
    room(b.length);
    buf.put(b);
    return this;
  }

  public WireWriter string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    u16(b.length);
    room(b.length);
    buf.put(b);
    return this;
  }

  public byte[] toBytes() {
    byte[] out = new byte[buf.position()];
    buf.duplicate().flip().get(out);
    return out;
  }
}
