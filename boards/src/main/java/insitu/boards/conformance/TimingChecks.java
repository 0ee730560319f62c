package insitu.boards.conformance;

import static insitu.boards.conformance.FramingChecks.NO_SEQ;

import insitu.boards.protocol.Message;
import insitu.boards.protocol.Message.Hello;
import insitu.boards.protocol.Message.MvmRequest;
import insitu.boards.protocol.Message.ReadRequest;
import insitu.boards.protocol.Message.SelfTestRequest;
import insitu.boards.protocol.Message.StatusRequest;
import insitu.boards.protocol.Message.StatusResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** When answers come: the ACK within the host's ACK timeout, the response within the board's own estimate plus the margin. */
final class TimingChecks {
  private static final int MVM_BATCH = 16;
  static final int SUSTAINED = 200;

  private TimingChecks() {}

  static String timing(BoardUnderTest b) {
    CellPlan p = b.plan();
    int[] rows = p.productRows(), cols = p.productCols();
    List<Message.Request> requests = List.of(new Hello(), new StatusRequest(NO_SEQ, 0), new ReadRequest(p.array(), rows, cols),
        new MvmRequest(p.array(), rows, cols, MVM_BATCH, new double[MVM_BATCH * rows.length]), new SelfTestRequest());
    long ackLimit = TimeUnit.MILLISECONDS.toNanos(b.options().ackTimeoutMillis());
    long worstAck = 0, worstLate = Long.MIN_VALUE;
    String worstLateOp = "", worstAckOp = "";
    for (Message.Request m : requests) {
      Reply r = b.call(m);
      if (r.nak() != null) throw new CheckFailure(m.opcode() + " was refused with " + Reply.describe(r.nak()));
      long first = r.ack() != null ? r.ackNanos() : r.answerNanos();
      if (first > ackLimit)
        throw new CheckFailure(String.format("%s: first answer after %.1f ms, over the %d ms ACK timeout", m.opcode(), first / 1e6,
            b.options().ackTimeoutMillis()));
      if (first >= worstAck) {
        worstAck = first;
        worstAckOp = m.opcode().toString();
      }
      if (r.ack() == null) continue;
      long allowed = TimeUnit.MICROSECONDS.toNanos(r.ack().estimatedMicros()) + TimeUnit.MILLISECONDS.toNanos(b.options().responseMarginMillis());
      if (r.answerNanos() > allowed)
        throw new CheckFailure(String.format("%s: response %.1f ms after its ACK, over the estimate of %d µs plus the %d ms margin", m.opcode(),
            r.answerNanos() / 1e6, r.ack().estimatedMicros(), b.options().responseMarginMillis()));
      if (r.answerNanos() - allowed > worstLate) {
        worstLate = r.answerNanos() - allowed;
        worstLateOp = m.opcode() + " " + String.format("%.1f ms (estimate %d µs)", r.answerNanos() / 1e6, r.ack().estimatedMicros());
      }
    }
    return String.format("HELLO, STATUS, READ, MVM x%d, SELF_TEST: first answers within %.1f ms (%s; limit %d ms); slowest response against its "
        + "estimate: %s", MVM_BATCH, worstAck / 1e6, worstAckOp, b.options().ackTimeoutMillis(), worstLateOp);
  }

  static String sustained(BoardUnderTest b) {
    CellPlan p = b.plan();
    int[] rows = p.productRows(), cols = p.productCols();
    long damaged = b.link().damagedFramesReceived();
    for (int i = 0; i < SUSTAINED; i++) {
      switch (i % 3) {
        case 0 -> b.read(p.array(), rows, cols);
        case 1 -> b.mvm(p.array(), rows, cols, new double[rows.length], 1);
        default -> b.call(new StatusRequest(NO_SEQ, 0)).expect(StatusResponse.class, "STATUS");
      }
    }
    long more = b.link().damagedFramesReceived() - damaged;
    if (more > 0) throw new CheckFailure(more + " frames from the board failed their CRC or framing during " + SUSTAINED + " requests");
    return SUSTAINED + " requests in a row answered, every board frame intact";
  }
}
