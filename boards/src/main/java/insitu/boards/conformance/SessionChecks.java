package insitu.boards.conformance;

import static insitu.boards.conformance.FramingChecks.NO_SEQ;

import insitu.boards.PulseKind;
import insitu.boards.protocol.BlockMap;
import insitu.boards.protocol.Frame;
import insitu.boards.protocol.FrameType;
import insitu.boards.protocol.Message;
import insitu.boards.protocol.Message.AbortRequest;
import insitu.boards.protocol.Message.AbortResponse;
import insitu.boards.protocol.Message.FetchRequest;
import insitu.boards.protocol.Message.GapsRequest;
import insitu.boards.protocol.Message.GapsResponse;
import insitu.boards.protocol.Message.Hello;
import insitu.boards.protocol.Message.Info;
import insitu.boards.protocol.Message.PulseRequest;
import insitu.boards.protocol.Message.PulseResponse;
import insitu.boards.protocol.Message.ReadRequest;
import insitu.boards.protocol.Message.ReadResponse;
import insitu.boards.protocol.Message.ReceiveState;
import insitu.boards.protocol.Message.SeqState;
import insitu.boards.protocol.Message.StatusRequest;
import insitu.boards.protocol.Message.StatusResponse;
import insitu.boards.protocol.Message.BoardState;
import insitu.boards.protocol.MessageCodec;
import insitu.boards.protocol.NakCode;
import insitu.boards.protocol.ParamId;
import insitu.boards.serial.Parts;
import java.util.Arrays;
import java.util.List;

/** Sequence numbers, duplicates, the pulse journal, epochs and STATUS. */
final class SessionChecks {
  private static final int WRAP_READS = 40;
  private static final int WRAP_START = Frame.SEQ_UNKNOWN - WRAP_READS / 2 - 2;

  private SessionChecks() {}

  private static ReadRequest blockRead(BoardUnderTest b) {
    return new ReadRequest(b.plan().array(), b.plan().productRows(), b.plan().productCols());
  }

  static String duplicateRead(BoardUnderTest b) {
    FrameLink link = b.link();
    List<Frame> read = link.frames(blockRead(b), 0);
    Reply first = link.exchange(read);
    first.expect(ReadResponse.class, "READ");
    Reply again = link.exchange(read);
    sameAnswer(first, again, "READ");
    return "READ (seq " + first.seq() + ") resent: the same ACK and the same " + first.responseBytes().length + " response bytes";
  }

  /** The duplicate must be answered exactly as the original: ACK and response bytes. */
  private static void sameAnswer(Reply first, Reply again, String what) {
    if (again.nak() != null) throw new CheckFailure("the resent " + what + " (seq " + first.seq() + ") was refused with " + Reply.describe(again.nak())
        + " instead of being answered from the cache");
    if (again.ack() == null) throw new CheckFailure("the resent " + what + " was answered without its ACK");
    if (!again.ack().equals(first.ack())) throw new CheckFailure("the resent " + what + " got ACK " + again.ack() + ", the original " + first.ack());
    if (!Arrays.equals(first.responseBytes(), again.responseBytes()))
      throw new CheckFailure("the resent " + what + " got a different response than the original: it was executed again");
  }

  static String duplicatePulse(BoardUnderTest b) {
    FrameLink link = b.link();
    List<Cell> cell = b.pulseCells().subList(0, 1);
    double effect = Tolerances.effect(b.spec());
    b.pulse(PulseKind.RESET, cell);
    double low = b.readCells(cell)[0];
    List<Frame> set = link.frames(b.pulseRequest(PulseKind.SET, cell, b.spec().maxGateVolts()), 0);
    Reply first = link.exchange(set);
    first.expect(PulseResponse.class, "SET PULSE");
    double high = b.readCells(cell)[0];
    if (high - low <= effect) throw new CheckFailure(String.format("the SET on %s had no effect (%.4g -> %.4g µS): cannot test duplicates",
        cell.get(0), low * 1e6, high * 1e6));
    b.pulse(PulseKind.RESET, cell);
    double reset = b.readCells(cell)[0];
    Reply again = link.exchange(set);
    double after = b.readCells(cell)[0];
    if (after - reset > effect)
      throw new CheckFailure(String.format("the resent SET PULSE (seq %d) was applied again: %s went from %.4g to %.4g µS", first.seq(), cell.get(0),
          reset * 1e6, after * 1e6));
    sameAnswer(first, again, "PULSE");
    return String.format("SET (seq %d), RESET, SET resent: cached answer, %s stayed at %.4g µS", first.seq(), cell.get(0), after * 1e6);
  }

  static String journalReplay(BoardUnderTest b) {
    List<Cell> cell = b.pulseCells().subList(0, 1);
    b.pulse(PulseKind.RESET, cell);
    PulseRequest set = b.pulseRequest(PulseKind.SET, cell, b.spec().maxGateVolts());
    b.pulse(set);
    b.pulse(PulseKind.RESET, cell);
    double low = b.readCells(cell)[0];
    Reply r = b.call(set); // a new seq, the same command id and first cell
    double after = b.readCells(cell)[0];
    if (after - low > Tolerances.effect(b.spec()))
      throw new CheckFailure(String.format("PULSE command %d replayed under a new seq was applied again: %s went from %.4g to %.4g µS", set.commandId(),
          cell.get(0), low * 1e6, after * 1e6));
    Message.Nak n = r.expectNak(NakCode.PARAM_OUT_OF_LIMITS, ParamId.FIRST_CELL, "PULSE command " + set.commandId() + " replayed from cell 0");
    if (n.limit() != 1) throw new CheckFailure("the FIRST_CELL refusal names limit " + n.limit() + ", but the journal holds 1 applied cell");
    return "command " + set.commandId() + " replayed under a new seq: NAK FIRST_CELL (limit 1), " + cell.get(0) + " unchanged";
  }

  static String slices(BoardUnderTest b) {
    List<Cell> cells = b.pulseCells().subList(0, 2);
    b.pulse(PulseKind.RESET, cells);
    double[] low = b.readCells(cells);
    PulseRequest whole = b.pulseRequest(PulseKind.SET, cells, b.spec().maxGateVolts());
    long id = whole.commandId();
    b.pulse(slice(whole, 0, 1));
    journal(b, id, 2, 1);
    b.pulse(slice(whole, 1, 2));
    journal(b, id, 2, 2);
    b.call(new PulseRequest(id, 2, 2, whole.array(), PulseKind.SET, whole.amplitudeVolts(), new int[] {whole.rows()[0]}, new int[] {whole.cols()[0]},
        new double[] {whole.gateVolts()[0]})).expectNak(NakCode.PARAM_OUT_OF_LIMITS, ParamId.COUNT, "a slice past the command's total");
    b.call(new PulseRequest(0, 1, 0, whole.array(), PulseKind.SET, whole.amplitudeVolts(), new int[] {whole.rows()[0]}, new int[] {whole.cols()[0]},
        new double[] {whole.gateVolts()[0]})).expectNak(NakCode.PARAM_OUT_OF_LIMITS, ParamId.COMMAND_ID, "a PULSE with command id 0");
    double[] high = b.readCells(cells);
    for (int i = 0; i < 2; i++)
      if (high[i] - low[i] <= Tolerances.effect(b.spec()))
        throw new CheckFailure(String.format("slice %d of command %d did not change %s (%.4g -> %.4g µS)", i, id, cells.get(i), low[i] * 1e6, high[i] * 1e6));
    Info info = b.call(new Hello()).expect(Info.class, "HELLO");
    if (info.lastCommandId() < id) throw new CheckFailure("INFO's lastCommandId " + info.lastCommandId() + " is below command " + id + " just applied");
    return "command " + id + " in two slices on " + cells + ": STATUS 1 then 2 of 2 applied; past-total and id 0 refused; lastCommandId "
        + info.lastCommandId();
  }

  private static PulseRequest slice(PulseRequest p, int from, int to) {
    return new PulseRequest(p.commandId(), p.totalCells(), from, p.array(), p.kind(), p.amplitudeVolts(), Arrays.copyOfRange(p.rows(), from, to),
        Arrays.copyOfRange(p.cols(), from, to), Arrays.copyOfRange(p.gateVolts(), from, to));
  }

  private static void journal(BoardUnderTest b, long id, long total, long applied) {
    StatusResponse s = b.call(new StatusRequest(NO_SEQ, id)).expect(StatusResponse.class, "STATUS of command " + id);
    if (!s.journalFound() || s.commandId() != id || s.totalCells() != total || s.appliedCells() != applied)
      throw new CheckFailure("STATUS of command " + id + " says found=" + s.journalFound() + ", " + s.appliedCells() + " of " + s.totalCells()
          + " applied; expected " + applied + " of " + total);
  }

  static String staleEpoch(BoardUnderTest b) {
    FrameLink link = b.link();
    long stale = link.epoch() ^ 0x5A5A5A5AL;
    Frame read = frame(link, stale, blockRead(b));
    Reply r = link.exchange(List.of(read));
    r.expectNak(NakCode.STALE_EPOCH, null, "READ with a wrong epoch");
    link.exchange(List.of(frame(link, stale, new Hello()))).expect(Info.class, "HELLO with a wrong epoch");
    link.exchange(List.of(frame(link, stale, new StatusRequest(NO_SEQ, 0)))).expect(StatusResponse.class, "STATUS with a wrong epoch");
    link.exchange(List.of(frame(link, stale, new AbortRequest()))).expect(AbortResponse.class, "ABORT with a wrong epoch");
    Reply served = link.call(blockRead(b));
    served.expect(ReadResponse.class, "READ");
    GapsResponse g = link.exchange(List.of(frame(link, stale, new GapsRequest(served.seq())))).expect(GapsResponse.class, "GAPS with a wrong epoch");
    if (g.state() != ReceiveState.NONE) throw new CheckFailure("GAPS with a wrong epoch says " + g.state() + ", expected NONE");
    link.exchange(List.of(frame(link, stale, new FetchRequest(served.seq(), BlockMap.whole()))))
        .expectNak(NakCode.BAD_SEQUENCE, null, "FETCH with a wrong epoch");
    link.takeStrays();
    return String.format("epoch 0x%08x: READ refused STALE_EPOCH; HELLO, STATUS, ABORT answered; GAPS NONE; FETCH BAD_SEQUENCE", stale);
  }

  private static Frame frame(FrameLink link, long epoch, Message.Request m) {
    return Frame.single(FrameType.REQUEST, link.takeSeq(), epoch, m.opcode(), MessageCodec.encode(m));
  }

  static String wraparound(BoardUnderTest b) {
    FrameLink link = b.link();
    link.nextSeq(WRAP_START);
    int[] cols = {b.plan().cols()[0]};
    int first = -1, last = -1;
    boolean wrapped = false;
    for (int k = 1; k <= WRAP_READS; k++) {
      // Every READ a different size: an answer meant for another seq cannot pass for this one.
      Reply r = link.call(new ReadRequest(b.plan().array(), b.plan().cyclingRows(k), cols));
      ReadResponse read = r.expect(ReadResponse.class, "READ under seq 0x" + Integer.toHexString(r.seq()));
      if (read.siemens().length != k) throw new CheckFailure("READ of " + k + " cells under seq 0x" + Integer.toHexString(r.seq())
          + " returned " + read.siemens().length + " values: an answer to another request");
      if (first < 0) first = r.seq();
      wrapped |= last > r.seq();
      last = r.seq();
    }
    if (!wrapped) throw new CheckFailure("the suite's sequence numbers did not wrap (internal error)");
    return String.format("%d READs of 1..%d cells under seqs 0x%04x..0x%04x (0xFFFF skipped), each answered with its own values", WRAP_READS,
        WRAP_READS, first, last);
  }

  static String statusAndCache(BoardUnderTest b) {
    FrameLink link = b.link();
    Reply read = link.call(blockRead(b));
    read.expect(ReadResponse.class, "READ");
    StatusResponse s = link.call(new StatusRequest(read.seq(), 0)).expect(StatusResponse.class, "STATUS of the READ");
    if (s.querySeq() != read.seq() || s.seqState() != SeqState.DONE || s.boardState() != BoardState.IDLE || s.bootCount() != b.info().bootCount())
      throw new CheckFailure("STATUS of the finished READ (seq " + read.seq() + ") says " + s + "; expected DONE, IDLE, boot count " + b.info().bootCount());
    List<Frame> resent = link.listen(b.options().ackTimeoutMillis());
    resent.addAll(0, link.takeStrays());
    byte[] again = reassembled(resent, read.seq());
    if (again == null) throw new CheckFailure("STATUS of the finished READ was not followed by its cached answer");
    if (!Arrays.equals(again, read.responseBytes())) throw new CheckFailure("the answer resent after STATUS differs from the original");
    if (resent.stream().noneMatch(f -> f.seq() == read.seq() && f.type() == FrameType.ACK))
      throw new CheckFailure("the answer resent after STATUS has no ACK");
    StatusResponse unknown = link.call(new StatusRequest(NO_SEQ, 0)).expect(StatusResponse.class, "STATUS of an unused seq");
    if (unknown.seqState() != SeqState.UNKNOWN) throw new CheckFailure("STATUS of the unused seq 0xFFFF says " + unknown.seqState());
    return "STATUS of READ seq " + read.seq() + ": DONE, IDLE, boot " + s.bootCount() + ", its ACK and " + again.length
        + " response bytes resent; seq 0xFFFF UNKNOWN";
  }

  /** The response payload the frames of {@code seq} carry, or null if they do not cover it. */
  static byte[] reassembled(List<Frame> frames, int seq) {
    Parts.Assembly a = null;
    for (Frame f : frames) {
      if (f.seq() != seq || f.type() != FrameType.RESPONSE) continue;
      if (a == null) a = Parts.Assembly.start(f, FrameLink.MAX_REPLY_BYTES);
      if (a != null && a.matches(f)) a.add(f);
    }
    return a != null && a.complete() ? a.payload() : null;
  }
}
