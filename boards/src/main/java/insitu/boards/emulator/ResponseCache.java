package insitu.boards.emulator;

import insitu.boards.protocol.Frame;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last answers by sequence number, in RAM (lost on reset). A duplicate request is answered
 * from here and never executed again; FETCH resends blocks of a cached response. Responses are
 * kept as payload bytes so they can be resent in whatever part size the host now asks for.
 */
final class ResponseCache {
  /**
   * One answer: the ACK and response payload of an executed command, or the NAK of a refused one.
   *
   * @param ack the ACK frame, null for a refusal
   * @param opcode the answered opcode
   * @param response the response payload, null for a refusal
   * @param nak the NAK frame, null for an executed command
   */
  record Answer(Frame ack, int opcode, byte[] response, Frame nak) {
    static Answer executed(Frame ack, int opcode, byte[] response) { return new Answer(ack, opcode, response, null); }
    static Answer refused(Frame nak) { return new Answer(null, nak.opcode(), null, nak); }
  }

  private final Map<Integer, Answer> bySeq;

  ResponseCache(int capacity) {
    bySeq = new LinkedHashMap<>(16, 0.75f, false) {
      @Override protected boolean removeEldestEntry(Map.Entry<Integer, Answer> e) {
        return size() > capacity;
      }
    };
  }

  Answer get(int seq) { return bySeq.get(seq); }
  void put(int seq, Answer a) { bySeq.put(seq, a); }
  void clear() { bySeq.clear(); }
}
