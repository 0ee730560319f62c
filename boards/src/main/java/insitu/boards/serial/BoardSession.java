package insitu.boards.serial;

import insitu.boards.BoardException;
import insitu.boards.protocol.Frame;
import insitu.boards.protocol.FrameType;
import insitu.boards.protocol.Message;
import insitu.boards.protocol.Message.Ack;
import insitu.boards.protocol.Message.Nak;
import insitu.boards.protocol.Message.SeqState;
import insitu.boards.protocol.Message.StatusRequest;
import insitu.boards.protocol.Message.StatusResponse;
import insitu.boards.protocol.MessageCodec;
import insitu.boards.protocol.ProtocolException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One request at a time over a {@link Transport}: sequence numbers, timeouts, resends while a
 * request is unacknowledged, STATUS polls once it is acknowledged, and boot-epoch tracking. It
 * never resends an acknowledged request; a changed epoch surfaces as {@link EpochChangedException}
 * for the caller to recover from.
 */
public final class BoardSession implements AutoCloseable {
  private static final long UNKNOWN_EPOCH = -1;
  private static final int READ_CHUNK_BYTES = 8192;
  private static final int MICROS_PER_MILLI = 1000;
  /** After a damaged-frame NAK, resend early only if the last send is at least this fraction of the ACK timeout old. */
  private static final int EARLY_RESEND_FRACTION = 4;

  private final Transport transport;
  private final SessionOptions options;
  private final Ticker ticker;
  private final FrameDecoder decoder = new FrameDecoder(Frame.MAX_PAYLOAD_BYTES);
  private final ArrayDeque<Frame> inbox = new ArrayDeque<>();
  private final byte[] readBuffer = new byte[READ_CHUNK_BYTES];
  private final Set<Long> retiredEpochs = new HashSet<>();
  private final FrameDecoder.Listener collector = new FrameDecoder.Listener() {
    @Override public void onFrame(Frame frame) {
      framesReceived++;
      payloadBytesReceived += frame.payload().length;
      inbox.add(frame);
    }

    @Override public void onError(ProtocolException error) { /* counted by the decoder */ }
  };

  private long epoch = UNKNOWN_EPOCH;
  private int nextSeq;
  private int maxPayloadBytes;
  private long retries, statusPolls, timeouts, epochChanges, naks, framesSent, framesReceived;
  private long wireBytesSent, wireBytesReceived, payloadBytesSent, payloadBytesReceived;

  public BoardSession(Transport transport, SessionOptions options, Ticker ticker) {
    this.transport = transport;
    this.options = options;
    this.ticker = ticker;
    this.maxPayloadBytes = options.maxPayloadBytes();
  }

  public SessionOptions options() { return options; }

  /** The board's boot epoch as last seen, or -1 before the first answer. */
  public long epoch() { return epoch; }

  /** Frame payload size for requests, once negotiated with CONFIG. */
  public void maxPayloadBytes(int bytes) { maxPayloadBytes = bytes; }

  /**
   * Sends one request and returns its response.
   *
   * @throws NakException the board refused it (nothing executed)
   * @throws EpochChangedException the board reset; the outcome is unknown
   * @throws BoardException no answer within the allowed attempts, or the link closed
   */
  public Message call(Message.Request request) {
    return call(request, options.maxAttempts());
  }

  /** As {@link #call(Message.Request)} with its own attempt limit (1 for best-effort commands). */
  public Message call(Message.Request request, int maxAttempts) {
    int seq = takeSeq();
    long sentEpoch = epoch == UNKNOWN_EPOCH ? 0 : epoch;
    List<Frame> frames = Parts.split(FrameType.REQUEST, seq, sentEpoch, request.opcode().code(), MessageCodec.encode(request), maxPayloadBytes);
    send(frames);
    long lastSend = ticker.nanos();
    int attempts = 1, statusSeq = -1;
    boolean acked = false;
    Parts.Assembly assembly = new Parts.Assembly(Long.MAX_VALUE);
    long deadline = lastSend + millis(options.ackTimeoutMillis());
    while (true) {
      Frame f = receive(deadline);
      if (f == null) {
        timeouts++;
        if (attempts >= maxAttempts)
          throw new BoardException("no answer from the board to " + request.opcode() + " (seq " + seq + ") after "
              + attempts + " attempts; check the cable, power and port settings");
        attempts++;
        if (!acked) {
          send(frames); // safe: unacknowledged, and the board answers a duplicate from its cache
          retries++;
          lastSend = ticker.nanos();
        } else {
          statusSeq = takeSeq(); // acknowledged: never resend, ask for the lost answer instead
          StatusRequest poll = new StatusRequest(seq, 0);
          send(List.of(Frame.single(FrameType.REQUEST, statusSeq, epoch, poll.opcode(), MessageCodec.encode(poll))));
          statusPolls++;
        }
        deadline = ticker.nanos() + millis(options.ackTimeoutMillis());
        continue;
      }
      if (epoch == UNKNOWN_EPOCH && f.seq() == seq) epoch = f.epoch();
      if (f.epoch() != epoch) {
        if (epoch == UNKNOWN_EPOCH || retiredEpochs.contains(f.epoch())) continue; // late frame from before a reset
        long old = epoch;
        retiredEpochs.add(old);
        epoch = f.epoch();
        epochChanges++;
        inbox.clear();
        throw new EpochChangedException(old, epoch);
      }
      if (f.type() == FrameType.EVENT) continue;
      if (f.type() == FrameType.NAK && f.seq() == Frame.SEQ_UNKNOWN) {
        naks++; // the board got a damaged frame; if it was ours, resending now beats waiting
        long now = ticker.nanos();
        if (!acked && now - lastSend >= millis(options.ackTimeoutMillis()) / EARLY_RESEND_FRACTION && attempts < maxAttempts) {
          send(frames);
          retries++;
          attempts++;
          lastSend = now;
          deadline = now + millis(options.ackTimeoutMillis());
        }
        continue;
      }
      if (f.seq() == statusSeq && f.type() == FrameType.RESPONSE) {
        Message m = decodeOrNull(f);
        if (m instanceof StatusResponse s && s.seqState() == SeqState.UNKNOWN)
          throw new BoardException("board acknowledged " + request.opcode() + " (seq " + seq + ") but no longer knows it");
        continue;
      }
      if (f.seq() != seq) continue; // a late duplicate answer to an earlier request
      switch (f.type()) {
        case ACK -> {
          Message m = decodeOrNull(f);
          if (m instanceof Ack a && !acked) {
            acked = true;
            deadline = ticker.nanos() + millis(a.estimatedMicros() / MICROS_PER_MILLI + options.responseMarginMillis());
          }
        }
        case NAK -> {
          Message m = decodeOrNull(f);
          if (m instanceof Nak n) {
            naks++;
            throw new NakException(request.opcode() + " (seq " + seq + ")", n);
          }
        }
        case RESPONSE -> {
          byte[] whole = assembly.add(f);
          if (whole != null) {
            try {
              return MessageCodec.decode(FrameType.RESPONSE, f.opcode(), whole);
            } catch (ProtocolException e) {
              // CRC-good but undecodable: treat like a lost answer and let the timeout path recover.
            }
          }
        }
        default -> { }
      }
    }
  }

  private static Message decodeOrNull(Frame f) {
    try {
      return MessageCodec.decode(f.type(), f.opcode(), f.payload());
    } catch (ProtocolException e) {
      return null;
    }
  }

  private int takeSeq() {
    int s = nextSeq;
    nextSeq = (nextSeq + 1) % Frame.SEQ_UNKNOWN; // 0xFFFF is reserved for "unknown"
    return s;
  }

  private static long millis(long ms) {
    return TimeUnit.MILLISECONDS.toNanos(ms);
  }

  private void send(List<Frame> frames) {
    for (Frame f : frames) {
      byte[] wire = FrameCodec.encode(f);
      transport.write(wire, 0, wire.length);
      framesSent++;
      wireBytesSent += wire.length;
      payloadBytesSent += f.payload().length;
    }
  }

  /** The next good frame, or null once the deadline passes. */
  private Frame receive(long deadlineNanos) {
    while (inbox.isEmpty()) {
      long left = deadlineNanos - ticker.nanos();
      if (left <= 0) return null;
      int n = transport.read(readBuffer, 0, readBuffer.length, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      if (n < 0) throw new BoardException("the link to the board closed");
      if (n > 0) {
        wireBytesReceived += n;
        decoder.feed(readBuffer, 0, n, collector);
      }
    }
    return inbox.poll();
  }

  /** Drops any bytes and frames already received (used before a fresh HELLO). */
  public void drain() {
    inbox.clear();
  }

  public LinkCounters counters() {
    return new LinkCounters(retries, statusPolls, timeouts, decoder.crcErrors(), decoder.malformedFrames(), decoder.resyncs(),
        epochChanges, naks, framesSent, framesReceived, wireBytesSent, wireBytesReceived, payloadBytesSent, payloadBytesReceived);
  }

  @Override
  public void close() {
    transport.close();
  }
}
