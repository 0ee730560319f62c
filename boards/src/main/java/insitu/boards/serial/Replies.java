package insitu.boards.serial;

import insitu.boards.protocol.Frame;
import insitu.boards.protocol.FrameType;
import insitu.boards.protocol.Message;
import insitu.boards.protocol.MessageCodec;
import insitu.boards.protocol.Opcode;
import insitu.boards.protocol.ProtocolException;
import insitu.errors.BoardException;

/** The board's frames as messages: control frames that fail to decode are ignored, an answer that does is a board failure. */
final class Replies {
  private Replies() {}

  /** The message of a frame, or null if it does not decode (a damaged control frame is as good as lost). */
  static Message decodeOrNull(Frame f) {
    try {
      return MessageCodec.decode(f.type(), f.opcode(), f.payload());
    } catch (ProtocolException e) {
      return null;
    }
  }

  /** The answer to {@code request} from its reassembled payload. */
  static Message answer(Opcode request, int opcode, byte[] bytes) {
    try {
      return MessageCodec.decode(FrameType.RESPONSE, opcode, bytes);
    } catch (ProtocolException e) {
      throw new BoardException("board sent an undecodable answer to " + request + ": " + e.getMessage(), e);
    }
  }
}
