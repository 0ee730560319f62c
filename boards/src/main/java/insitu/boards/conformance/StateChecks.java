package insitu.boards.conformance;

import static insitu.boards.conformance.FramingChecks.NO_SEQ;

import insitu.boards.PulseKind;
import insitu.boards.protocol.Frame;
import insitu.boards.protocol.FrameType;
import insitu.boards.protocol.Message.AbortRequest;
import insitu.boards.protocol.Message.AbortResponse;
import insitu.boards.protocol.Message.BoardState;
import insitu.boards.protocol.Message.ConfigRequest;
import insitu.boards.protocol.Message.ConfigResponse;
import insitu.boards.protocol.Message.Hello;
import insitu.boards.protocol.Message.Info;
import insitu.boards.protocol.Message.MvmRequest;
import insitu.boards.protocol.Message.ReadRequest;
import insitu.boards.protocol.Message.ReadResponse;
import insitu.boards.protocol.Message.SafeStateRequest;
import insitu.boards.protocol.Message.SafeStateResponse;
import insitu.boards.protocol.Message.SelfTestRequest;
import insitu.boards.protocol.Message.SelfTestResponse;
import insitu.boards.protocol.Message.StatusRequest;
import insitu.boards.protocol.Message.StatusResponse;
import insitu.boards.protocol.NakCode;
import insitu.boards.protocol.ParamId;
import java.util.List;

/** Arming: SAFE_STATE, CONFIG and its limits, the watchdog; SELF_TEST and ABORT. */
final class StateChecks {
  /** The watchdog the check arms: long enough that a loaded host still gets a READ in before it trips. */
  static final long WATCHDOG_MILLIS = 500;
  /** Largest watchdog a board must accept (one hour); a longer one is surely a unit mistake. */
  private static final long MAX_WATCHDOG_MILLIS = 3_600_000;
  private static final int SMALL_PART_BYTES = 64;

  private StateChecks() {}

  private static ReadRequest oneCell(BoardUnderTest b) {
    Cell c = b.pulseCells().get(0);
    return new ReadRequest(c.array(), new int[] {c.row()}, new int[] {c.col()});
  }

  private static BoardState state(BoardUnderTest b) {
    return b.call(new StatusRequest(NO_SEQ, 0)).expect(StatusResponse.class, "STATUS").boardState();
  }

  static String safeState(BoardUnderTest b) {
    List<Cell> cell = b.pulseCells().subList(0, 1);
    b.pulse(PulseKind.RESET, cell);
    double low = b.readCells(cell)[0];
    Reply safe = b.call(new SafeStateRequest());
    safe.expect(SafeStateResponse.class, "SAFE_STATE");
    if (safe.ack() == null) throw new CheckFailure("SAFE_STATE was answered without an ACK");
    if (state(b) != BoardState.SAFE) throw new CheckFailure("STATUS after SAFE_STATE does not say SAFE");
    b.call(oneCell(b)).expectNak(NakCode.SAFE_STATE, null, "READ in SAFE_STATE");
    int[] rows = b.plan().productRows(), cols = b.plan().productCols();
    b.call(new MvmRequest(b.plan().array(), rows, cols, 1, new double[rows.length])).expectNak(NakCode.SAFE_STATE, null, "MVM in SAFE_STATE");
    b.call(b.pulseRequest(PulseKind.SET, cell, b.spec().maxGateVolts())).expectNak(NakCode.SAFE_STATE, null, "PULSE in SAFE_STATE");
    b.call(new Hello()).expect(Info.class, "HELLO in SAFE_STATE");
    b.arm();
    if (state(b) != BoardState.IDLE) throw new CheckFailure("STATUS after CONFIG does not say IDLE");
    double after = b.readCells(cell)[0];
    if (after - low > Tolerances.effect(b.spec()))
      throw new CheckFailure(String.format("the PULSE refused in SAFE_STATE was applied: %s went from %.4g to %.4g µS", cell.get(0), low * 1e6, after * 1e6));
    return "in SAFE_STATE: READ, MVM, PULSE refused, HELLO and STATUS (SAFE) answered, " + cell.get(0) + " unchanged; CONFIG re-armed (IDLE)";
  }

  static String configLimits(BoardUnderTest b) {
    int max = b.info().maxPayloadBytes();
    b.call(new ConfigRequest(0, SMALL_PART_BYTES - 1)).expectNak(NakCode.PARAM_OUT_OF_LIMITS, ParamId.PAYLOAD_BYTES, "CONFIG with 63-byte frames");
    if (max < Frame.MAX_PAYLOAD_BYTES)
      b.call(new ConfigRequest(0, max + 1)).expectNak(NakCode.PARAM_OUT_OF_LIMITS, ParamId.PAYLOAD_BYTES, "CONFIG with frames over INFO's " + max);
    b.call(new ConfigRequest(MAX_WATCHDOG_MILLIS + 1, max)).expectNak(NakCode.PARAM_OUT_OF_LIMITS, ParamId.WATCHDOG_MS, "CONFIG with a watchdog over an hour");
    ConfigResponse c = b.call(new ConfigRequest(0, SMALL_PART_BYTES)).expect(ConfigResponse.class, "CONFIG with 64-byte frames");
    if (c.maxPayloadBytes() != SMALL_PART_BYTES || c.watchdogMillis() != 0)
      throw new CheckFailure("CONFIG(0 ms, 64 B) was echoed as (" + c.watchdogMillis() + " ms, " + c.maxPayloadBytes() + " B)");
    int[] rows = b.plan().cyclingRows(16);
    Reply r = b.call(new ReadRequest(b.plan().array(), rows, new int[] {b.plan().cols()[0]}));
    r.expect(ReadResponse.class, "READ of 16 cells with 64-byte frames");
    int parts = 0;
    for (Frame f : r.frames()) {
      if (f.payload().length > SMALL_PART_BYTES) throw new CheckFailure("after CONFIG(64 B) the board sent a " + f.type() + " frame of "
          + f.payload().length + " B");
      if (f.type() == FrameType.RESPONSE) parts++;
    }
    return "63 B, " + (max + 1) + " B and a " + (MAX_WATCHDOG_MILLIS + 1) + " ms watchdog refused; CONFIG(64 B) echoed and a 132-byte reply came in "
        + parts + " parts";
  }

  static String watchdog(BoardUnderTest b) {
    int max = b.info().maxPayloadBytes();
    ConfigResponse c = b.call(new ConfigRequest(WATCHDOG_MILLIS, max)).expect(ConfigResponse.class, "CONFIG with a watchdog");
    if (c.watchdogMillis() != WATCHDOG_MILLIS) throw new CheckFailure("CONFIG with a " + WATCHDOG_MILLIS + " ms watchdog was echoed as "
        + c.watchdogMillis() + " ms");
    b.call(oneCell(b)).expect(ReadResponse.class, "READ within the watchdog");
    b.link().idle(3 * WATCHDOG_MILLIS);
    b.call(oneCell(b)).expectNak(NakCode.SAFE_STATE, null, "READ after " + 3 * WATCHDOG_MILLIS + " ms of silence with a " + WATCHDOG_MILLIS + " ms watchdog");
    b.arm();
    b.call(oneCell(b)).expect(ReadResponse.class, "READ after CONFIG with the watchdog off");
    return "READ served within the " + WATCHDOG_MILLIS + " ms watchdog, refused SAFE_STATE after " + 3 * WATCHDOG_MILLIS
        + " ms of silence, served after CONFIG";
  }

  static String selfTestAndAbort(BoardUnderTest b) {
    Reply r = b.call(new SelfTestRequest());
    SelfTestResponse s = r.expect(SelfTestResponse.class, "SELF_TEST");
    if (r.ack() == null) throw new CheckFailure("SELF_TEST was answered without an ACK");
    long cells = (long) b.spec().arrays() * b.spec().rows() * b.spec().cols();
    if (s.checkedCells() != cells || s.failedCells() > s.checkedCells())
      throw new CheckFailure("SELF_TEST checked " + s.checkedCells() + " cells with " + s.failedCells() + " failed; INFO has " + cells + " cells");
    AbortResponse a = b.call(new AbortRequest()).expect(AbortResponse.class, "ABORT");
    if (a.aborted()) throw new CheckFailure("ABORT with nothing running says it aborted something");
    return "SELF_TEST checked " + s.checkedCells() + " cells (" + s.failedCells() + " failed); ABORT answered aborted = 0";
  }
}
