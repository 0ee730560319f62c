package insitu.boards.serial;

import insitu.boards.capability.LinkCounters;
import insitu.boards.protocol.BlockMap;
import insitu.boards.protocol.Frame;
import insitu.boards.protocol.FrameType;
import insitu.boards.protocol.Message.Ack;
import insitu.boards.protocol.Message.FetchRequest;
import insitu.boards.protocol.Message.FetchResponse;
import insitu.boards.protocol.Message.GapsRequest;
import insitu.boards.protocol.Message.GapsResponse;
import insitu.boards.protocol.Message.Nak;
import insitu.boards.protocol.Message.StatusRequest;
import insitu.boards.protocol.Message;
import insitu.boards.protocol.MessageCodec;
import insitu.errors.BoardException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One request at a time over a {@link Transport}: sequence numbers, adaptive part sizes, selective
 * repeat of lost parts in both directions (GAPS / FETCH, board-protocol.md §1), timeouts and
 * boot-epoch tracking. It never makes the board execute a request twice (a duplicate is answered
 * from the board's cache); a changed epoch surfaces as {@link EpochChangedException} for the caller.
 */
public final class BoardSession implements AutoCloseable {
  private static final long UNKNOWN_EPOCH = -1;
  private static final int MICROS_PER_MILLI = 1000;
  /**
   * Floor of the retransmit timer. Below the scheduler jitter of a busy host a timeout may be
   * spurious, but that only costs one probe of three 29-byte copies; on a noisy link a round's
   * control frames are lost so often that a higher floor makes waiting dominate the run.
   */
  private static final long MIN_RETRANSMIT_MILLIS = 5;
  /** After a loss, exchanges that still send GAPS trailers and duplicate probes. */
  private static final int LOSSY_EXCHANGES = 32;
  /** Copies of each probe on a lossy link: at 1 % byte errors a round then fails about one time in eight. */
  private static final int LOSSY_COPIES = 3;
  /** Replies that bring no progress, per allowed attempt, before the call fails. */
  private static final int STALLS_PER_ATTEMPT = 8;
  /** An acknowledged command may take this many times the board's estimate before silence means a hang. */
  private static final int BUSY_ESTIMATE_SLACK = 8;
  /** Largest reassembled reply (protocol limit). */
  private static final long MAX_REPLY_BYTES = 16L << 20;
  /** Bytes of a FETCH payload besides its block map: querySeq. */
  private static final int FETCH_FIXED_BYTES = 2;
  /** FETCH windows sent in one round. */
  private static final int MAX_FETCH_WINDOWS = 64;

  private final LinkWire wire;
  private final SessionOptions options;
  private final Ticker ticker;
  private final Set<Long> retiredEpochs = new HashSet<>();
  private final RetransmitTimer rto;
  private final DrainEstimate drainRate = new DrainEstimate();

  private long epoch = UNKNOWN_EPOCH;
  private int nextSeq;
  private AdaptivePartSize txSize, rxSize;
  private int lossyFor;
  private long retries, statusPolls, timeouts, epochChanges, naks, gapQueries, fetches, partsResent;

  public BoardSession(Transport transport, SessionOptions options, Ticker ticker) {
    this.wire = new LinkWire(transport, ticker);
    this.options = options;
    this.ticker = ticker;
    this.txSize = new AdaptivePartSize(options.maxPayloadBytes());
    this.rxSize = new AdaptivePartSize(options.maxPayloadBytes());
    this.rto = new RetransmitTimer(millis(MIN_RETRANSMIT_MILLIS), millis(options.ackTimeoutMillis()));
  }

  public SessionOptions options() { return options; }

  /** The board's boot epoch as last seen, or -1 before the first answer. */
  public long epoch() { return epoch; }

  /** Largest frame payload in both directions, once negotiated with CONFIG (adaptation stays below it). */
  public void maxPayloadBytes(int bytes) {
    if (txSize.max() != Math.max(Frame.MIN_PART_BYTES, bytes)) txSize = new AdaptivePartSize(bytes);
    if (rxSize.max() != Math.max(Frame.MIN_PART_BYTES, bytes)) rxSize = new AdaptivePartSize(bytes);
  }

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
    if (request instanceof StatusRequest) statusPolls++;
    return new Exchange(request, maxAttempts).run();
  }

  /** Whether recent exchanges lost frames: then every request gets a GAPS trailer and probes go twice. */
  private boolean lossy() {
    return lossyFor > 0 || txSize.reduced() || rxSize.reduced();
  }

  /** The state of one call: what the board has of the request, what the host has of the reply. */
  private final class Exchange {
    private final Message.Request request;
    private final int maxAttempts, seq;
    private final long sentEpoch;
    private final byte[] payload;
    private final boolean singleFrame;
    private boolean received, acked, resent, txLoss, rxLoss, fetchedBefore;
    private Parts.Assembly reply;
    private int gapsSeq = -1, fetchSeq = -1, blocksBeforeFetch;
    private long lastProgress = Long.MIN_VALUE;
    private int silentAttempts, unanswered, stalls;
    /** First blocks of the GAPS windows already resent for the current probe. */
    private final Set<Long> windowsResent = new HashSet<>();
    private long firstSend, probeSent, deadline, estimateNanos, bytesAtLastTimeout = wire.wireBytesReceived(),
        damagedAtLastTimeout = wire.damagedFrames();

    Exchange(Message.Request request, int maxAttempts) {
      this.request = request;
      this.maxAttempts = maxAttempts;
      this.seq = takeSeq();
      this.sentEpoch = epoch == UNKNOWN_EPOCH ? 0 : epoch;
      this.payload = MessageCodec.encode(request);
      this.singleFrame = payload.length <= txSize.size();
    }

    Message run() {
      sendRequest(BlockMap.whole());
      firstSend = ticker.nanos();
      if (lossy()) probe(); // a trailer: its reply tells at once what got lost, instead of a timeout
      deadline = ticker.nanos() + drainRate.answerWait(rto);
      while (true) {
        Frame f = wire.receive(deadline);
        if (f == null) {
          onTimeout();
          continue;
        }
        if (epoch == UNKNOWN_EPOCH && (f.seq() == seq || f.seq() == gapsSeq || f.seq() == fetchSeq)) epoch = f.epoch();
        if (f.epoch() != epoch) {
          if (epoch == UNKNOWN_EPOCH || retiredEpochs.contains(f.epoch())) continue; // late frame from before a reset
          long old = epoch;
          retiredEpochs.add(old);
          epoch = f.epoch();
          epochChanges++;
          wire.drain();
          throw new EpochChangedException(old, epoch);
        }
        if (f.type() == FrameType.EVENT) continue;
        if (f.type() == FrameType.NAK && f.seq() == Frame.SEQ_UNKNOWN) {
          naks++; // the board got a damaged frame; the trailer or a timeout finds out which
          txLoss = true;
          continue;
        }
        Message done = null;
        if (f.seq() == seq || f.seq() == gapsSeq || f.seq() == fetchSeq) {
          rto.answered();
          drainRate.drained(ticker.nanos(), rto);
        }
        if (f.seq() == seq) done = onOwnFrame(f);
        else if (f.seq() == gapsSeq) onGaps(f);
        else if (f.seq() == fetchSeq) onFetch(f);
        if (done != null) return finish(done);
      }
    }

    /**
     * How long the board may stay silent before it counts as hung: the attempts at full timeout,
     * plus, once it acknowledged, a generous multiple of its own duration estimate (a board
     * sharing a busy CPU, like the emulator, runs slower than it predicts and answers nothing
     * meanwhile).
     */
    private long silenceBudget() {
      return maxAttempts * millis(options.ackTimeoutMillis()) + BUSY_ESTIMATE_SLACK * estimateNanos;
    }

    /**
     * A wait expired. Whether it counts towards giving up depends on what the link did meanwhile:
     * <ul>
     *   <li>Any byte at all, even one of a damaged frame, proves the board alive: a hung board
     *       sends nothing. On a noisy link every frame of a round can be damaged (two 30-byte
     *       probes and their answers all fail about one round in four at 1 % byte errors), so
     *       counting such rounds gave up on live boards after a run of bad luck.
     *   <li>Only full-length waits with not one byte in them count as attempts of a silent board
     *       ({@code maxAttempts} of them, and the silence budget, make it hung: exit quickly).
     *   <li>Rounds that bring bytes but no usable frame have their own, much larger limit: a link
     *       that damages nearly everything is reported as such instead of waiting forever.
     * </ul>
     */
    private void onTimeout() {
      timeouts++;
      drainRate.timedOut();
      long now = ticker.nanos();
      boolean heardBytes = wire.wireBytesReceived() != bytesAtLastTimeout;
      bytesAtLastTimeout = wire.wireBytesReceived();
      long damaged = wire.damagedFrames();
      if (damaged != damagedAtLastTimeout) {
        // The board's answers arrive damaged: ask for smaller reply parts (GAPS windows and data
        // alike), or every probe round keeps losing the same long frame.
        rxLoss = true;
        rxSize.lost();
      }
      damagedAtLastTimeout = damaged;
      if (heardBytes) silentAttempts = 0;
      else if (rto.atMaximum()) silentAttempts++; // short waits are cheap probes, not attempts
      unanswered++;
      if (silentAttempts >= maxAttempts && now - Math.max(wire.lastByteNanos(), firstSend) >= silenceBudget())
        throw new BoardException("no answer from the board to " + request.opcode() + " (seq " + seq + "): silent for "
            + TimeUnit.NANOSECONDS.toMillis(now - Math.max(wire.lastByteNanos(), firstSend)) + " ms over " + silentAttempts
            + " attempts; check the cable, power and port settings");
      if (unanswered >= STALLS_PER_ATTEMPT * maxAttempts)
        throw new BoardException("the link to the board damages nearly every frame: no usable answer to " + request.opcode()
            + " (seq " + seq + ") in " + unanswered + " rounds; check the cable and the baud rate");
      rto.backoff();
      lossyFor = LOSSY_EXCHANGES;
      retries++;
      if (!received && singleFrame) {
        sendRequest(BlockMap.whole()); // cheaper than asking first; a duplicate is answered from the cache
        resent = true;
      }
      probe();
      deadline = ticker.nanos() + drainRate.answerWait(rto);
    }

    private Message onOwnFrame(Frame f) {
      unanswered = 0;
      switch (f.type()) {
        case ACK -> {
          if (!(Replies.decodeOrNull(f) instanceof Ack a) || acked) return null;
          if (singleFrame && !resent) rto.sample(ticker.nanos() - firstSend);
          acked = received = true;
          estimateNanos = TimeUnit.MICROSECONDS.toNanos(a.estimatedMicros());
          long wait = lossy() ? rto.currentNanos() : millis(options.responseMarginMillis());
          deadline = ticker.nanos() + millis(a.estimatedMicros() / MICROS_PER_MILLI) + wait;
          return null;
        }
        case NAK -> {
          if (Replies.decodeOrNull(f) instanceof Nak n) {
            naks++;
            throw new NakException(request.opcode() + " (seq " + seq + ")", n);
          }
          return null;
        }
        case RESPONSE -> {
          received = true;
          if (f.whole()) return Replies.answer(request.opcode(), f.opcode(), f.payload());
          if (reply == null || !reply.matches(f)) reply = Parts.Assembly.start(f, MAX_REPLY_BYTES);
          if (reply == null) throw new BoardException("board sent a reply of " + f.total() + " bytes to " + request.opcode());
          if (reply.add(f) > 0) deadline = Math.max(deadline, ticker.nanos() + rto.currentNanos());
          if (reply.complete()) return Replies.answer(request.opcode(), f.opcode(), reply.payload());
          if (f.tail() && fetchSeq < 0 && gapsSeq < 0) fetch(); // the board is done sending; ask for the holes
          return null;
        }
        default -> {
          return null;
        }
      }
    }

    private void onGaps(Frame f) {
      if (f.type() == FrameType.NAK) {
        naks++;
        return; // e.g. the board's RAM is gone; the epoch logic or a timeout takes over
      }
      if (!(Replies.decodeOrNull(f) instanceof GapsResponse g)) return;
      unanswered = 0;
      gapsSeq = -1; // the duplicate probe's answer, if any, is ignored
      switch (g.state()) {
        case NONE -> {
          if (acked) throw new BoardException("board acknowledged " + request.opcode() + " (seq " + seq + ") but no longer knows it");
          rto.sample(ticker.nanos() - probeSent);
          stall(true);
          txLoss = true;
          txSize.lost();
          sendRequest(BlockMap.whole());
          resent = true;
          retries++;
          probe();
        }
        case PARTIAL_MORE -> {
          txLoss = true;
          // Every copy of the probe is answered with every window: resend each window once.
          if (windowsResent.add(g.missing().firstBlock())) sendRequest(g.missing(), 1);
          resent = true;
          gapsSeq = f.seq();
        }
        case PARTIAL -> {
          rto.sample(ticker.nanos() - probeSent);
          // Progress: the window moved on, or fewer blocks in it are missing.
          long progress = (g.missing().firstBlock() << Short.SIZE) - RepairCopies.marked(g.missing());
          stall(progress <= lastProgress);
          lastProgress = progress;
          txLoss = true;
          txSize.lost();
          // The last window: if it is the only one, few blocks are missing and copies save rounds.
          boolean only = windowsResent.isEmpty();
          if (windowsResent.add(g.missing().firstBlock())) sendRequest(g.missing(), only ? RepairCopies.copiesFor(RepairCopies.marked(g.missing())) : 1);
          resent = true;
          retries++;
          probe();
        }
        case RECEIVED -> {
          received = true;
          // Executing: its answer, or the reply to the next probe, says when it is done.
          deadline = ticker.nanos() + estimateNanos + (lossy() ? rto.currentNanos() : millis(options.responseMarginMillis()));
        }
        case ANSWERED -> {
          received = true;
          fetch(); // every reply frame was sent before this: whatever is missing is lost
        }
        default -> { }
      }
      deadline = Math.max(deadline, ticker.nanos() + drainRate.answerWait(rto));
    }

    private void onFetch(Frame f) {
      if (f.type() == FrameType.NAK && Replies.decodeOrNull(f) instanceof Nak n) {
        naks++;
        throw new BoardException("board no longer has its answer to " + request.opcode() + " (seq " + seq + "): " + n.describe());
      }
      if (!(Replies.decodeOrNull(f) instanceof FetchResponse)) return;
      unanswered = 0;
      fetchSeq = -1;
      fetch();
    }

    /**
     * Asks for the reply blocks still missing (all of them if none arrived), one FETCH per window
     * of missing blocks; the trailer of the last one ends the round.
     */
    private void fetch() {
      if (fetchedBefore) stall(reply == null || reply.receivedBlocks() <= blocksBeforeFetch);
      fetchedBefore = true;
      rxLoss = true;
      rxSize.lost();
      blocksBeforeFetch = reply == null ? 0 : reply.receivedBlocks();
      int bits = BlockMap.capacity(txSize.size(), FETCH_FIXED_BYTES);
      BlockMap wanted = reply == null ? BlockMap.whole() : reply.missing(0, bits);
      // Each copy of a FETCH is answered with its blocks: copies of the request are copies of the data.
      int copies = reply == null ? 1 : RepairCopies.copiesFor(reply.missingBlocks());
      for (int w = 0; wanted != null && w < MAX_FETCH_WINDOWS; w++) {
        fetchSeq = takeSeq();
        sendControl(fetchSeq, new FetchRequest(seq, wanted), copies);
        fetches++;
        wanted = wanted.isWhole() ? null : reply.missing(wanted.firstBlock() + wanted.count(), bits);
      }
      // The round ends with the last FETCH's trailer, or with the answer to this probe (ANSWERED,
      // written after every FETCH before it was handled): a lost last FETCH no longer costs a timeout.
      probe();
      retries++;
      deadline = ticker.nanos() + drainRate.answerWait(rto);
    }

    /**
     * Asks what the board holds of the request. On a lossy link in {@link #LOSSY_COPIES} copies: a
     * round waits for this one small frame and its answer, and at 1 % byte errors a single copy
     * makes the round trip only half the time; a lost round costs a timeout.
     */
    private void probe() {
      gapsSeq = takeSeq();
      windowsResent.clear();
      sendControl(gapsSeq, new GapsRequest(seq), lossy() ? LOSSY_COPIES : 1);
      probeSent = ticker.nanos();
      gapQueries++;
    }

    private void stall(boolean noProgress) {
      if (!noProgress) {
        stalls = 0;
        return;
      }
      if (++stalls >= STALLS_PER_ATTEMPT * maxAttempts)
        throw new BoardException("the link to the board loses too much: " + request.opcode() + " (seq " + seq + ") made no progress in "
            + stalls + " rounds");
    }

    private void sendRequest(BlockMap blocks) {
      sendRequest(blocks, 1);
    }

    /** The blocks, each part written {@code copies} times over. */
    private void sendRequest(BlockMap blocks, int copies) {
      Parts.Header h = new Parts.Header(FrameType.REQUEST, seq, sentEpoch, request.opcode().code(), rxSize.asReplyPartBytes());
      List<Frame> frames = Parts.split(h, payload, blocks, txSize.size());
      if (copies > 1) {
        List<Frame> repeated = new java.util.ArrayList<>(frames.size() * copies);
        for (int c = 0; c < copies; c++) repeated.addAll(frames);
        frames = repeated;
      }
      if (!blocks.isWhole() || resent) partsResent += frames.size();
      long bytes = wire.send(frames);
      drainRate.wrote(bytes, ticker.nanos());
    }

    private void sendControl(int controlSeq, Message.Request m, int copies) {
      Frame f = new Frame(FrameType.REQUEST, controlSeq, sentEpoch, m.opcode().code(), rxSize.asReplyPartBytes(), 0,
          MessageCodec.encode(m).length, MessageCodec.encode(m));
      for (int i = 0; i < copies; i++) wire.send(List.of(f));
    }


    private Message finish(Message m) {
      if (!txLoss) txSize.clean();
      if (!rxLoss) rxSize.clean();
      if (txLoss || rxLoss) lossyFor = LOSSY_EXCHANGES;
      else if (lossyFor > 0) lossyFor--;
      return m;
    }
  }

  /** Numbers the next request {@code seq} ({@link FreshSeqs} moves a new session past the board's cached answers). */
  void nextSeq(int seq) {
    nextSeq = seq % Frame.SEQ_UNKNOWN;
  }

  private int takeSeq() {
    int s = nextSeq;
    nextSeq = (nextSeq + 1) % Frame.SEQ_UNKNOWN; // 0xFFFF is reserved for "unknown"
    return s;
  }

  private static long millis(long ms) {
    return TimeUnit.MILLISECONDS.toNanos(ms);
  }

  /** Drops any bytes and frames already received (used before a fresh HELLO). */
  public void drain() {
    wire.drain();
  }

  public LinkCounters counters() {
    FrameDecoder d = wire.decoder();
    return new LinkCounters(retries, statusPolls, timeouts, d.crcErrors(), d.malformedFrames(), d.resyncs(), epochChanges, naks,
        wire.framesSent(), wire.framesReceived(), wire.wireBytesSent(), wire.wireBytesReceived(), wire.payloadBytesSent(), wire.payloadBytesReceived(),
        gapQueries, fetches, partsResent, txSize.size(), rxSize.size());
  }

  @Override
  public void close() {
    wire.close();
  }
}
