package insitu.boards.serial;

import insitu.boards.protocol.Frame;
import insitu.boards.protocol.ProtocolException;
import insitu.errors.BoardException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host's end of the wire: frames out in one write, good frames in through the decoder, and
 * what went over it (frames, payload and wire bytes each way; when the last byte arrived).
 */
final class LinkWire implements AutoCloseable {
  private static final int READ_CHUNK_BYTES = 8192;

  private final Transport transport;
  private final Ticker ticker;
  private final FrameDecoder decoder = new FrameDecoder(Frame.MAX_PAYLOAD_BYTES);
  private final ArrayDeque<Frame> inbox = new ArrayDeque<>();
  private final byte[] readBuffer = new byte[READ_CHUNK_BYTES];
  private final FrameDecoder.Listener collector = new FrameDecoder.Listener() {
    @Override public void onFrame(Frame frame) {
      framesReceived++;
      payloadBytesReceived += frame.payload().length;
      inbox.add(frame);
    }

    @Override public void onError(ProtocolException error) { /* counted by the decoder */ }
  };
  private long framesSent, framesReceived, wireBytesSent, wireBytesReceived, payloadBytesSent, payloadBytesReceived;
  /** When the link last delivered any byte (damaged or not): the board is alive. */
  private long lastByteNanos = Long.MIN_VALUE;

  LinkWire(Transport transport, Ticker ticker) {
    this.transport = transport;
    this.ticker = ticker;
  }

  /** Writes the frames in one go: a serial write costs a system call or more, whatever its size. Returns the wire bytes. */
  long send(List<Frame> frames) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Frame f : frames) {
      out.writeBytes(FrameCodec.encode(f));
      framesSent++;
      payloadBytesSent += f.payload().length;
    }
    byte[] wire = out.toByteArray();
    transport.write(wire, 0, wire.length);
    wireBytesSent += wire.length;
    return wire.length;
  }

  /** The next good frame, or null once the deadline passes. */
  Frame receive(long deadlineNanos) {
    while (inbox.isEmpty()) {
      long left = deadlineNanos - ticker.nanos();
      if (left <= 0) return null;
      int n = transport.read(readBuffer, 0, readBuffer.length, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      if (n < 0) throw new BoardException("the link to the board closed");
      if (n > 0) {
        lastByteNanos = ticker.nanos();
        wireBytesReceived += n;
        decoder.feed(readBuffer, 0, n, collector);
      }
    }
    return inbox.poll();
  }

  /** Drops the frames already received. */
  void drain() {
    inbox.clear();
  }

  long wireBytesReceived() {
    return wireBytesReceived;
  }

  long lastByteNanos() {
    return lastByteNanos;
  }

  /** Frames that arrived damaged (CRC or framing errors). */
  long damagedFrames() {
    return decoder.crcErrors() + decoder.malformedFrames();
  }

  FrameDecoder decoder() {
    return decoder;
  }

  long framesSent() { return framesSent; }
  long framesReceived() { return framesReceived; }
  long wireBytesSent() { return wireBytesSent; }
  long payloadBytesSent() { return payloadBytesSent; }
  long payloadBytesReceived() { return payloadBytesReceived; }

  @Override
  public void close() {
    transport.close();
  }
}
