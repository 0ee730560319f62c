package insitu.boards.conformance;

import insitu.boards.protocol.Frame;
import insitu.boards.protocol.Message;
import insitu.boards.protocol.Message.Ack;
import insitu.boards.protocol.Message.Nak;
import insitu.boards.protocol.NakCode;
import insitu.boards.protocol.ParamId;
import java.util.List;

/**
 * What the board answered to one request: its ACK (if any), then the response or a NAK.
 *
 * @param seq the request's sequence number
 * @param ack the acknowledgement, null for control requests and refusals
 * @param response the decoded response, null when refused
 * @param responseBytes the reassembled response payload, null when refused
 * @param nak the refusal, null when answered
 * @param frames every frame of the board under this seq, in arrival order
 * @param ackNanos from the end of the request to the ACK (0 without ACK)
 * @param answerNanos from the ACK (or the end of the request) to the response or NAK
 */
public record Reply(int seq, Ack ack, Message response, byte[] responseBytes, Nak nak, List<Frame> frames, long ackNanos,
    long answerNanos) {

  /** The response as this type; a refusal or another answer fails the check. */
  public <T extends Message> T expect(Class<T> type, String what) {
    if (nak != null) throw new CheckFailure(what + ": refused with NAK " + describe(nak));
    if (!type.isInstance(response)) throw new CheckFailure(what + ": answered " + (response == null ? "nothing" : response.getClass().getSimpleName())
        + " instead of " + type.getSimpleName());
    return type.cast(response);
  }

  /** The refusal, which must carry this code (and, unless {@code param} is null, this parameter). */
  public Nak expectNak(NakCode code, ParamId param, String what) {
    if (nak == null) throw new CheckFailure(what + ": was not refused (expected NAK " + code + (param == null ? "" : " " + param)
        + ", got " + (response == null ? "nothing" : response.getClass().getSimpleName()) + ")");
    if (nak.code() != code || (param != null && nak.param() != param))
      throw new CheckFailure(what + ": refused with NAK " + describe(nak) + ", expected " + code + (param == null ? "" : " " + param));
    return nak;
  }

  static String describe(Nak n) {
    return n.code() == NakCode.PARAM_OUT_OF_LIMITS ? n.code() + " " + n.describe() : n.code().toString();
  }
}
