package insitu.boards.conformance;

import insitu.errors.BoardException;
import insitu.boards.protocol.Frame;
import insitu.boards.protocol.FrameType;
import insitu.boards.protocol.Message;
import insitu.boards.protocol.Message.Ack;
import insitu.boards.protocol.Message.BootEvent;
import insitu.boards.protocol.Message.Nak;
import insitu.boards.protocol.MessageCodec;
import insitu.boards.protocol.Opcode;
import insitu.boards.protocol.ProtocolException;
import insitu.boards.serial.FrameCodec;
import insitu.boards.serial.FrameDecoder;
import insitu.boards.serial.Parts;
import insitu.boards.serial.Ticker;
import insitu.boards.serial.Transport;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The suite's end of the wire: frames exactly as a check builds them, answers exactly as the board
 * sends them. Unlike the host's {@code BoardSession} it repairs nothing (no GAPS, no FETCH, no
 * epoch recovery), so what a check sees is the firmware's own behaviour; only a request that got
 * no answer at all is sent again, which the protocol makes harmless. Every wait is bounded by
 * {@link ConformanceOptions}: a silent board ends in {@link BoardSilentException}, never a hang.
 */
public final class FrameLink implements AutoCloseable {
  private static final int READ_CHUNK_BYTES = 8192;
  /** Largest reply the protocol allows (board-protocol.md §1). */
  static final long MAX_REPLY_BYTES = 16L << 20;

  private final Transport transport;
  private final Ticker ticker;
  private final ConformanceOptions options;
  private final FrameDecoder decoder = new FrameDecoder(Frame.MAX_PAYLOAD_BYTES);
  private final ArrayDeque<Frame> inbox = new ArrayDeque<>();
  private final List<BootEvent> boots = new ArrayList<>();
  private final List<Frame> strays = new ArrayList<>();
  private final byte[] readBuffer = new byte[READ_CHUNK_BYTES];
  private final FrameDecoder.Listener collector = new FrameDecoder.Listener() {
    @Override public void onFrame(Frame frame) {
      if (frame.type() != FrameType.EVENT) inbox.add(frame);
      else if (decodeOrNull(frame) instanceof BootEvent b) boots.add(b);
      else undecodableEvents++;
    }

    @Override public void onError(ProtocolException error) { /* counted by the decoder */ }
  };
  private long undecodableEvents;
  private long epoch;
  private int nextSeq;
  private int partBytes = Frame.MIN_PART_BYTES;

  public FrameLink(Transport transport, Ticker ticker, ConformanceOptions options) {
    this.transport = transport;
    this.ticker = ticker;
    this.options = options;
  }

  public Ticker ticker() { return ticker; }

  public ConformanceOptions options() { return options; }

  /** The epoch requests carry: the board's as last learned, 0 before. */
  public long epoch() { return epoch; }

  public void epoch(long boardEpoch) { epoch = boardEpoch; }

  /** The next request sequence number (0…0xFFFE, wrapping past the reserved 0xFFFF). */
  public int takeSeq() {
    int s = nextSeq;
    nextSeq = (nextSeq + 1) % Frame.SEQ_UNKNOWN;
    return s;
  }

  /** The seq {@link #takeSeq()} will return next. */
  public int peekSeq() { return nextSeq; }

  /** Continue numbering requests from {@code seq}. */
  public void nextSeq(int seq) { nextSeq = seq % Frame.SEQ_UNKNOWN; }

  /** Payload per request frame (a multiple of 64; the board's INFO maximum once known). */
  public void partBytes(int bytes) { partBytes = Math.max(Frame.MIN_PART_BYTES, bytes / Frame.BLOCK_BYTES * Frame.BLOCK_BYTES); }

  public int partBytes() { return partBytes; }

  /** Frames the board sent that failed their CRC or were malformed. */
  public long damagedFramesReceived() { return decoder.crcErrors() + decoder.malformedFrames(); }

  /** BOOT events seen so far, oldest first (they never show up as answers). */
  public List<BootEvent> boots() { return List.copyOf(boots); }

  /** Frames received while waiting for another seq (FETCH resends arrive under the fetched seq). */
  public List<Frame> takeStrays() {
    List<Frame> out = List.copyOf(strays);
    strays.clear();
    return out;
  }

  /** The request as frames of {@link #partBytes()}, under a fresh seq, asking for replies in parts of {@code replyPartBytes} (0 = CONFIG's). */
  public List<Frame> frames(Message.Request m, int replyPartBytes) {
    return Parts.split(new Parts.Header(FrameType.REQUEST, takeSeq(), epoch, m.opcode().code(), replyPartBytes), MessageCodec.encode(m), partBytes);
  }

  /** A whole-message request frame under a fresh seq. */
  public Frame frame(Message.Request m) {
    return Frame.single(FrameType.REQUEST, takeSeq(), epoch, m.opcode(), MessageCodec.encode(m));
  }

  public void send(List<Frame> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Frame f : frames) out.writeBytes(FrameCodec.encode(f));
    sendWire(out.toByteArray());
  }

  public void send(Frame f) { send(List.of(f)); }

  public void sendWire(byte[] wire) { transport.write(wire, 0, wire.length); }

  /** Sends a request and waits for its answer. */
  public Reply call(Message.Request m) { return exchange(frames(m, 0)); }

  /** Sends these frames (all of one request) and waits for the answer; latencies count from the start of the write. */
  public Reply exchange(List<Frame> request) {
    long start = ticker.nanos();
    send(request);
    return await(request, start);
  }

  /**
   * Waits for the answer to a request just sent. A request that gets no frame at all within
   * the ACK timeout is sent again (the board answers a duplicate from its cache), up to the
   * attempts; after an ACK the response may take its estimate plus the margin, eight times over.
   * Latencies count from {@code sentNanos}, when the request started to go out.
   */
  private Reply await(List<Frame> request, long sentNanos) {
    Frame first = request.get(0);
    int seq = first.seq();
    String what = Opcode.of(first.opcode()) == null ? "opcode 0x" + Integer.toHexString(first.opcode()) : Opcode.of(first.opcode()).toString();
    long sent = sentNanos, ackAt = 0;
    long deadline = sent + millis(options.ackTimeoutMillis());
    int attempts = 1;
    Ack ack = null;
    Parts.Assembly reply = null;
    List<Frame> frames = new ArrayList<>();
    while (true) {
      Frame f = receive(deadline);
      if (f == null) {
        if (ack != null || attempts >= options.attempts())
          throw new BoardSilentException("no answer to " + what + " (seq " + seq + ") within " + TimeUnit.NANOSECONDS.toMillis(ticker.nanos() - sent)
              + " ms" + (ack == null ? " over " + attempts + " attempts" : " after its ACK") + ": the board is hung or not connected");
        attempts++;
        send(request);
        deadline = ticker.nanos() + millis(options.ackTimeoutMillis());
        continue;
      }
      if (f.seq() != seq) {
        strays.add(f);
        continue;
      }
      frames.add(f);
      long now = ticker.nanos();
      switch (f.type()) {
        case NAK -> {
          Nak n = decode(f, Nak.class, what);
          return new Reply(seq, ack, null, null, n, frames, ack == null ? 0 : ackAt - sent, now - (ack == null ? sent : ackAt));
        }
        case ACK -> {
          if (ack == null) {
            ack = decode(f, Ack.class, what);
            ackAt = now;
            deadline = now + millis(options.silenceAfterAckMillis(ack.estimatedMicros()));
          }
        }
        case RESPONSE -> {
          if (reply == null || !reply.matches(f)) reply = Parts.Assembly.start(f, MAX_REPLY_BYTES);
          if (reply == null) throw new CheckFailure("the board announced a reply of " + f.total() + " bytes to " + what + ", over the 16 MiB limit");
          reply.add(f);
          if (reply.complete()) {
            byte[] bytes = reply.payload();
            Message m = decodePayload(FrameType.RESPONSE, f.opcode(), bytes, what);
            return new Reply(seq, ack, m, bytes, null, frames, ack == null ? 0 : ackAt - sent, now - (ack == null ? sent : ackAt));
          }
        }
        default -> throw new CheckFailure("the board sent a " + f.type() + " frame under the seq of " + what);
      }
    }
  }

  /** Every frame (events aside) that arrives within {@code millis}. */
  public List<Frame> listen(long millis) {
    long deadline = ticker.nanos() + millis(millis);
    List<Frame> got = new ArrayList<>();
    for (Frame f; (f = receive(deadline)) != null; ) got.add(f);
    return got;
  }

  /** The next frame other than an event, or null once the deadline has passed. */
  public Frame receive(long deadlineNanos) {
    while (inbox.isEmpty()) if (!pump(deadlineNanos)) return null;
    return inbox.poll();
  }

  /** The first BOOT event after the {@code seen} ones already known, or null after {@code millis}. */
  public BootEvent awaitBoot(int seen, long millis) {
    long deadline = ticker.nanos() + millis(millis);
    while (boots.size() <= seen) {
      while (!inbox.isEmpty()) strays.add(inbox.poll());
      if (!pump(deadline)) return null;
    }
    return boots.get(seen);
  }

  /** Events the board sent that did not decode. */
  public long undecodableEvents() { return undecodableEvents; }

  /** Reads what the link has, waiting until the deadline for something; false once the deadline passed with nothing. */
  private boolean pump(long deadlineNanos) {
    // Read before looking at the clock: an answer already on the wire is not late.
    long left = deadlineNanos - ticker.nanos();
    int n = transport.read(readBuffer, 0, readBuffer.length, left <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    if (n < 0) throw new BoardException("the link to the board closed");
    if (n > 0) decoder.feed(readBuffer, 0, n, collector);
    return n > 0 || left > 0;
  }

  /** Lets time pass without sending anything (bytes that arrive meanwhile are kept). */
  public void idle(long millis) {
    long deadline = ticker.nanos() + millis(millis);
    for (Frame f; (f = receive(deadline)) != null; ) strays.add(f);
  }

  private static Message decodeOrNull(Frame f) {
    try {
      return MessageCodec.decode(f.type(), f.opcode(), f.payload());
    } catch (ProtocolException e) {
      return null;
    }
  }

  private static <T extends Message> T decode(Frame f, Class<T> type, String what) {
    Message m = decodePayload(f.type(), f.opcode(), f.payload(), what);
    if (!type.isInstance(m)) throw new CheckFailure("the board answered " + what + " with " + m);
    return type.cast(m);
  }

  private static Message decodePayload(FrameType type, int opcode, byte[] payload, String what) {
    try {
      return MessageCodec.decode(type, opcode, payload);
    } catch (ProtocolException e) {
      throw new CheckFailure("the board's " + type + " to " + what + " does not decode: " + e.getMessage());
    }
  }

  private static long millis(long ms) {
    return TimeUnit.MILLISECONDS.toNanos(ms);
  }

  @Override
  public void close() {
    transport.close();
  }
}
