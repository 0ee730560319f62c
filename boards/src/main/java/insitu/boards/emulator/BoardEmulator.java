package insitu.boards.emulator;

import insitu.boards.BoardOpener;
import insitu.boards.BoardSpec;
import insitu.boards.protocol.BlockMap;
import insitu.boards.protocol.Frame;
import insitu.boards.protocol.FrameType;
import insitu.boards.protocol.Message.*;
import insitu.boards.protocol.Message;
import insitu.boards.protocol.MessageCodec;
import insitu.boards.protocol.NakCode;
import insitu.boards.protocol.Opcode;
import insitu.boards.protocol.ParamId;
import insitu.boards.protocol.ProtocolException;
import insitu.boards.serial.FrameCodec;
import insitu.boards.serial.FrameDecoder;
import insitu.boards.serial.Parts;
import insitu.boards.serial.Ticker;
import insitu.boards.serial.Transport;
import insitu.boards.serial.port.JSerialCommTransport;
import insitu.boards.sim.SimulatedBoard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Board firmware in Java: serves a {@link SimulatedBoard} over any {@link Transport} using the
 * protocol of docs/board-protocol.md. Validates every command against its limits before touching
 * a device, answers duplicates from its response cache, journals pulses in "non-volatile" memory,
 * and injects the faults of a {@link FaultPlan} from a seeded generator.
 */
public final class BoardEmulator implements AutoCloseable {
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 4096;
  /** Largest reassembled request: a 100 × 128-row float64 MVM batch is 100 KiB. */
  public static final long MAX_REQUEST_BYTES = 4L << 20;
  public static final long MAX_RESPONSE_BYTES = 16L << 20;
  private static final int CACHE_DEPTH = 16;
  /** Epoch of requests sent before the host heard from the board (HELLO): probes then mean "this boot". */
  private static final long UNKNOWN_EPOCH = 0;
  private static final int JOURNAL_DEPTH = 4096;
  private static final long POLL_MILLIS = 20;
  private static final int READ_CHUNK_BYTES = 8192;

  private final EmulatedDevice device;
  /** Deliberate bugs, for showing that the conformance suite catches them; none for correct firmware. */
  private final InjectedDefects bugs = new InjectedDefects(DEFAULT_MAX_PAYLOAD_BYTES);
  private final Transport link;
  private final FaultyTransport faultyLink;
  private final FaultPlan faults;
  private final SplittableRandom random;
  private final Ticker ticker;
  private final CommandValidator validator;
  private final ResponseCache cache = new ResponseCache(CACHE_DEPTH);
  private final CommandJournal journal = new CommandJournal(JOURNAL_DEPTH);
  private final java.util.Set<Opcode> lacking = java.util.EnumSet.noneOf(Opcode.class);
  /** The multi-part request being received (one at a time: the host sends one request at a time). */
  private Parts.Assembly assembly;

  private FrameDecoder decoder = new FrameDecoder(DEFAULT_MAX_PAYLOAD_BYTES);
  private long epoch;
  private long bootCount = 1;
  private boolean armed;
  private boolean rebootedInThisChunk;
  private boolean hung;
  private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
  private long watchdogMillis;
  private long lastFrameNanos;
  private long deviceCommands;
  private volatile boolean closed;
  private Thread thread;

  // Observations for tests and diagnostics; not part of the protocol.
  private final List<Opcode> received = new ArrayList<>();
  private long executed, resets, naksSent, damagedFrames;

  /**
   * @param board the devices being served; its state persists across emulated resets
   * @param transport the link to the host
   * @param seed seeds boot epochs and every injected fault
   */
  public BoardEmulator(SimulatedBoard board, Transport transport, long seed, FaultPlan faults, Ticker ticker) {
    this.device = new EmulatedDevice(board, journal, bugs);
    this.faults = faults;
    this.random = new SplittableRandom(seed);
    this.ticker = ticker;
    this.faultyLink = faults.touchesBytes() ? new FaultyTransport(transport, faults, random.split()) : null;
    this.link = faultyLink != null ? faultyLink : transport;
    this.validator = new CommandValidator(board.spec(), DEFAULT_MAX_PAYLOAD_BYTES, MAX_RESPONSE_BYTES);
    this.epoch = newEpoch(0);
    this.lastFrameNanos = ticker.nanos();
  }

  /**
   * Serves a simulated board ({@code sim:…} spec string; {@code seed} unless it names one) on a
   * serial port until the port closes: the firmware side of {@code insitu board emulate --port
   * PATH}. Blocks the calling thread; {@code started} hears the board's spec once it serves.
   *
   * @throws IllegalArgumentException for a bad spec string, before the port is opened
   */
  public static void serve(String portPath, String simSpec, long seed, FaultPlan faults, Consumer<BoardSpec> started) {
    serve(portPath, simSpec, seed, faults, java.util.Set.of(), started);
  }

  /** As {@link #serve(String, String, long, FaultPlan, Consumer)}, with deliberate firmware bugs. */
  public static void serve(String portPath, String simSpec, long seed, FaultPlan faults, java.util.Set<FirmwareDefect> defects,
      Consumer<BoardSpec> started) {
    BoardOpener.SimulatedConfig c = BoardOpener.simulated(simSpec, seed);
    BoardOpener.requireHeapFor(c.spec(), c.model());
    try (Transport port = JSerialCommTransport.open(portPath, JSerialCommTransport.DEFAULT_BAUD);
         SimulatedBoard board = SimulatedBoard.withOwnWorkers(c.spec(), c.model(), c.seed());
         BoardEmulator emulator = new BoardEmulator(board, port, seed, FirmwareDefect.faultsFor(faults, defects), Ticker.system())
             .withDefects(defects)) {
      started.accept(board.spec());
      emulator.run();
    }
  }

  /**
   * Firmware with these bugs (see {@link FirmwareDefect}; {@link FirmwareDefect#HANG} is set
   * through {@link FirmwareDefect#faultsFor}). For testing the conformance suite. Returns this.
   */
  public synchronized BoardEmulator withDefects(java.util.Collection<FirmwareDefect> defects) {
    bugs.add(defects);
    return this;
  }

  /**
   * The RESET line was pulsed: the firmware reboots into SAFE_STATE with a new epoch and announces
   * it (BOOT, reason RESET_PIN); devices and the journal persist, as on {@code SerialBoard.hardReset}.
   */
  public synchronized void resetLine() {
    if (bugs.has(FirmwareDefect.IGNORE_RESET)) return;
    reboot(BootReason.RESET_PIN);
    decoder = new FrameDecoder(DEFAULT_MAX_PAYLOAD_BYTES);
    rebootedInThisChunk = false;
    hung = false;
    deviceCommands = 0;
  }

  /**
   * Firmware of an older version, without these operations: it refuses them as unknown opcodes.
   * For testing hosts against it. Returns this.
   */
  public synchronized BoardEmulator lacking(Opcode... ops) {
    lacking.addAll(java.util.List.of(ops));
    return this;
  }

  /** Serves on a daemon thread; returns this. */
  public BoardEmulator start() {
    thread = new Thread(this::run, "board-emulator");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /** Serves until the transport or this emulator is closed. */
  public void run() {
    byte[] buf = new byte[READ_CHUNK_BYTES];
    while (!closed) {
      int n;
      try {
        n = link.read(buf, 0, buf.length, POLL_MILLIS);
      } catch (RuntimeException e) {
        if (closed) return;
        throw e;
      }
      if (n < 0) return;
      if (n > 0) onBytes(buf, 0, n);
      checkWatchdog();
    }
  }

  /** Feeds received bytes to the firmware (the read loop calls this; fuzz tests call it directly). */
  public synchronized void onBytes(byte[] buf, int off, int len) {
    bugs.feed(decoder, buf, off, len, new FrameDecoder.Listener() {
      @Override public void onFrame(Frame frame) {
        if (!rebootedInThisChunk) BoardEmulator.this.onFrame(frame);
      }

      @Override public void onError(ProtocolException error) {
        // Stay silent: the host finds damaged parts with GAPS. A NAK per damaged frame written while
        // the host is itself still writing a big request would fill its input buffer and then ours,
        // and both sides would block in write.
        damagedFrames++;
      }
    });
    if (rebootedInThisChunk) {
      // A real board loses its UART buffer on reset: drop the decoder state with it.
      decoder = new FrameDecoder(DEFAULT_MAX_PAYLOAD_BYTES);
      rebootedInThisChunk = false;
    }
  }

  private void checkWatchdog() {
    synchronized (this) {
      if (armed && watchdogMillis > 0 && (ticker.nanos() - lastFrameNanos) / 1_000_000 > watchdogMillis) armed = false;
    }
  }

  private void onFrame(Frame f) {
    checkWatchdog(); // a real board trips in the background; the host sees the same on its next frame
    lastFrameNanos = ticker.nanos();
    if (f.type() != FrameType.REQUEST) return; // a board ignores anything but requests
    // Whole messages (all small ones: GAPS, FETCH, STATUS…) bypass the assembly so that probes
    // between the parts of a big request do not disturb it.
    if (f.whole()) {
      onRequest(f.seq(), f.epoch(), f.opcode(), f.payload(), f.replyPartBytes());
      return;
    }
    if (assembly == null || !assembly.matches(f)) {
      if (assembly != null && assembly.complete() && assembly.seq() == f.seq()) return; // late resend of a request already run
      assembly = Parts.Assembly.start(f, MAX_REQUEST_BYTES);
      if (assembly == null) {
        sendNak(f.seq(), f.opcode(), new Nak(Opcode.of(f.opcode()), NakCode.BAD_LENGTH, ParamId.NONE, 0, f.total(), MAX_REQUEST_BYTES), false);
        return;
      }
    }
    boolean wasComplete = assembly.complete();
    assembly.add(f);
    if (!wasComplete && assembly.complete()) onRequest(f.seq(), f.epoch(), f.opcode(), assembly.payload(), f.replyPartBytes());
  }

  /** Payload per frame for an answer: what the request asked for, within the configured size. */
  private int replyPart(int requested) {
    return requested == 0 ? maxPayloadBytes : Math.min(requested, maxPayloadBytes);
  }

  private void onRequest(int seq, long requestEpoch, int opcode, byte[] payload, int replyPartBytes) {
    Opcode op = Opcode.of(opcode);
    received.add(op);
    if (hung) return;
    if (op == null || lacking.contains(op)) {
      sendNak(seq, opcode, new Nak(op, NakCode.UNKNOWN_OPCODE, ParamId.NONE, 0, opcode, 0), false);
      return;
    }
    // GAPS and FETCH answer "nothing here" for another epoch, which also tells the host of the reset.
    boolean anyEpoch = op == Opcode.HELLO || op == Opcode.STATUS || op == Opcode.SAFE_STATE || op == Opcode.ABORT
        || op == Opcode.GAPS || op == Opcode.FETCH;
    if (!anyEpoch && requestEpoch != epoch) {
      // Never run a command the host sent before our reset: it may be a resend of one we began.
      sendNak(seq, opcode, new Nak(op, NakCode.STALE_EPOCH, ParamId.NONE, 0, requestEpoch, epoch), false);
      return;
    }
    boolean control = op == Opcode.STATUS || op == Opcode.GAPS || op == Opcode.FETCH;
    if (!control && requestEpoch == epoch && !bugs.has(FirmwareDefect.NO_DEDUPE)) {
      ResponseCache.Answer cached = cache.get(seq);
      if (cached != null) {
        resend(seq, cached, BlockMap.whole(), replyPart(replyPartBytes)); // duplicate: answer again, never execute again
        return;
      }
    }
    Message m;
    try {
      m = MessageCodec.decode(FrameType.REQUEST, opcode, payload);
    } catch (ProtocolException e) {
      sendNak(seq, opcode, new Nak(op, e.nak(), ParamId.NONE, 0, payload.length, 0), true);
      return;
    }
    if (m instanceof StatusRequest s) {
      status(seq, requestEpoch, s, replyPart(replyPartBytes));
      return;
    }
    if (m instanceof GapsRequest g) {
      send(GapReplies.reply(seq, epoch, requestEpoch == epoch || requestEpoch == UNKNOWN_EPOCH, g, cache, assembly, replyPart(replyPartBytes)));
      return;
    }
    if (m instanceof FetchRequest fr) {
      fetch(seq, requestEpoch == epoch || requestEpoch == UNKNOWN_EPOCH, fr, replyPart(replyPartBytes));
      return;
    }
    Nak refusal = validator.check(m, bugs.journal(journal));
    if (refusal != null) {
      sendNak(seq, opcode, refusal, true);
      return;
    }
    boolean touchesDevices = EmulatedDevice.touchesDevices(m);
    if (touchesDevices && !armed) {
      sendNak(seq, opcode, new Nak(op, NakCode.SAFE_STATE, ParamId.NONE, 0, 0, 0), false);
      return;
    }
    if (touchesDevices && faults.hangAfterCommands() >= 0 && ++deviceCommands > faults.hangAfterCommands()) {
      hung = true;
      return;
    }
    Frame ack = Frame.single(FrameType.ACK, seq, epoch, op, MessageCodec.encode(new Ack(op, device.estimateMicros(m))));
    send(List.of(ack));
    if (touchesDevices && random.nextDouble() < faults.resetRate()) {
      interruptAndReset(m);
      return;
    }
    if (faults.delayRate() > 0 && random.nextDouble() < faults.delayRate()) ticker.sleepMillis(1 + random.nextLong(Math.max(1, faults.maxDelayMillis())));
    bugs.beforeExecuting(ticker);
    Message result;
    try {
      result = execute(m);
    } catch (IllegalArgumentException e) {
      // The validator should have caught it; refuse rather than crash the firmware.
      sendNak(seq, opcode, new Nak(op, NakCode.PARAM_OUT_OF_LIMITS, ParamId.NONE, 0, 0, 0), true);
      return;
    }
    executed++;
    ResponseCache.Answer answer = ResponseCache.Answer.executed(ack, opcode, MessageCodec.encode(result));
    cache.put(seq, answer);
    send(Parts.split(responseHeader(seq, opcode), answer.response(), replyPart(replyPartBytes)));
  }

  private Parts.Header responseHeader(int seq, int opcode) {
    return new Parts.Header(FrameType.RESPONSE, seq, epoch, opcode, 0);
  }

  /** Sends a cached answer again: the ACK and the wanted blocks of the response, or the NAK. */
  private long resend(int seq, ResponseCache.Answer a, BlockMap wanted, int partBytes) {
    if (a.nak() != null) {
      send(List.of(a.nak()));
      return 0;
    }
    if (wanted.isWhole()) send(List.of(a.ack()));
    List<Frame> frames = Parts.split(responseHeader(seq, a.opcode()), a.response(), wanted, partBytes);
    send(frames);
    long bytes = 0;
    for (Frame f : frames) bytes += f.payload().length;
    return bytes;
  }

  /** FETCH: the wanted blocks of a cached response (under its own seq), then a trailer under this one. */
  private void fetch(int seq, boolean sameEpoch, FetchRequest fr, int partBytes) {
    ResponseCache.Answer a = sameEpoch ? cache.get(fr.querySeq()) : null;
    if (a == null) {
      sendNak(seq, Opcode.FETCH.code(), new Nak(Opcode.FETCH, NakCode.BAD_SEQUENCE, ParamId.NONE, 0, fr.querySeq(), 0), false);
      return;
    }
    long bytes = resend(fr.querySeq(), a, fr.wanted(), partBytes);
    Frame trailer = Frame.single(FrameType.RESPONSE, seq, epoch, Opcode.FETCH, MessageCodec.encode(new FetchResponse(bytes)));
    // Twice: a lost trailer costs the host a timeout, a duplicate only a few bytes.
    send(List.of(trailer, trailer));
  }

  private Message execute(Message m) {
    if (m instanceof Hello) return new Info(device.board().spec(), DEFAULT_MAX_PAYLOAD_BYTES, MAX_REQUEST_BYTES, journal.lastCommandId(), bootCount);
    if (m instanceof ConfigRequest c) {
      armed = true;
      maxPayloadBytes = c.maxPayloadBytes();
      watchdogMillis = c.watchdogMillis();
      return new ConfigResponse(watchdogMillis, maxPayloadBytes);
    }
    if (m instanceof SafeStateRequest) {
      armed = false;
      return new SafeStateResponse();
    }
    if (m instanceof AbortRequest) return new AbortResponse(false); // commands run to completion before the next is read
    return device.execute(m);
  }

  private void interruptAndReset(Message m) {
    if (m instanceof PulseRequest p) device.applyPulses(p, random.nextInt(p.rows().length + 1));
    // Reads and MVMs are cut before they sample the devices, so a repeat draws the same noise.
    reboot(BootReason.FAULT);
  }

  private void reboot(BootReason reason) {
    epoch = newEpoch(epoch);
    bootCount++;
    resets++;
    cache.clear();
    assembly = null;
    armed = false; // boots into SAFE_STATE; CONFIG arms it again
    maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
    watchdogMillis = 0;
    rebootedInThisChunk = true;
    send(List.of(Frame.single(FrameType.EVENT, 0, epoch, Opcode.BOOT, MessageCodec.encode(new BootEvent(epoch, bootCount, reason)))));
  }

  private void status(int seq, long requestEpoch, StatusRequest s, int partBytes) {
    boolean sameEpoch = requestEpoch == epoch;
    ResponseCache.Answer cached = sameEpoch ? cache.get(s.querySeq()) : null;
    CommandJournal.Entry e = s.commandId() == 0 ? null : journal.find(s.commandId());
    StatusResponse r = new StatusResponse(armed ? BoardState.IDLE : BoardState.SAFE, s.querySeq(),
        cached != null ? SeqState.DONE : SeqState.UNKNOWN, s.commandId(), e != null,
        e == null ? 0 : e.totalCells(), e == null ? 0 : e.appliedCells(), bootCount);
    send(List.of(Frame.single(FrameType.RESPONSE, seq, epoch, Opcode.STATUS, MessageCodec.encode(r))));
    if (cached != null) resend(s.querySeq(), cached, BlockMap.whole(), partBytes); // the answer the host lost
  }

  private long newEpoch(long old) {
    long e;
    do e = random.nextLong() & 0xFFFF_FFFFL; while (e == 0 || e == old);
    return e;
  }

  private void sendNak(int seq, int opcode, Nak nak, boolean cacheIt) {
    naksSent++;
    Frame f = nakFrame(seq, opcode, bugs.nak(nak));
    if (cacheIt) cache.put(seq, ResponseCache.Answer.refused(f));
    send(List.of(f));
  }

  private Frame nakFrame(int seq, int opcode, Nak nak) {
    return Frame.single(FrameType.NAK, seq, epoch, opcode, MessageCodec.encode(nak));
  }

  /** Writes the frames in one go: a serial write costs a system call or more, whatever its size. */
  private void send(List<Frame> frames) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Frame f : frames) out.writeBytes(FrameCodec.encode(f));
    byte[] wire = out.toByteArray();
    try {
      link.write(wire, 0, wire.length);
    } catch (RuntimeException e) {
      if (!closed) throw e;
    }
  }

  // ---- observations for tests ----

  /** Cells applied per PULSE command id, all slices and interrupted attempts together. */
  public synchronized Map<Long, Long> cellsAppliedById() { return device.cellsAppliedById(); }
  /** Opcodes of every complete request received, in order (unknown opcodes as null). */
  public synchronized List<Opcode> receivedOpcodes() { return new ArrayList<>(received); }
  public synchronized long executedCommands() { return executed; }
  public synchronized long resets() { return resets; }
  public synchronized long naksSent() { return naksSent; }
  /** Frames that arrived damaged (CRC, COBS or header errors) and were dropped. */
  public synchronized long damagedFrames() { return damagedFrames; }
  public synchronized long epoch() { return epoch; }
  public long droppedBytes() { return faultyLink == null ? 0 : faultyLink.droppedBytes(); }
  public long corruptedBytes() { return faultyLink == null ? 0 : faultyLink.corruptedBytes(); }
  public SimulatedBoard board() { return device.board(); }

  /** Stops serving and closes the transport. */
  @Override
  public void close() {
    closed = true;
    link.close();
    if (thread != null && thread != Thread.currentThread()) {
      try {
        thread.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
