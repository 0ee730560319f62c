package insitu.boards.protocol;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.protocol.Message.Ack;
import insitu.boards.protocol.Message.Nak;
import insitu.boards.protocol.Message.ReadRequest;
import insitu.boards.protocol.Message.ReadResponse;
import insitu.boards.serial.FrameCodec;
import insitu.boards.serial.FrameDecoder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The worked example of docs/board-protocol.md §2.2, byte for byte. The hex was computed
 * independently (a few lines of Python implementing CRC-32C and COBS from the spec text).
 */
class ProtocolWorkedExampleTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final int SEQ = 0x0102;
  private static final long EPOCH = 0x12345678L;
  static final String REQUEST = "000b03010201785634121010010101020a0101020a0101020102010203020505fb65a21200";
  static final String ACK = "000a0302020178563412100101010102040101020402c901010502cbee0200";
  static final String RESPONSE = "000a03030201785634121001010101020c0101020c020101010d613255302aa9133f156a582600";
  static final String NAK = "000a030503017856341210010101010216010102160304020101010101010101010369400101010108c05f4062a0fca500";

  @Test
  void readRequestAckResponseAndNakHaveTheDocumentedBytes() {
    ReadRequest read = new ReadRequest(0, new int[] {3}, new int[] {5});
    byte[] payload = MessageCodec.encode(read);
    assertEquals(REQUEST, hex(new Frame(FrameType.REQUEST, SEQ, EPOCH, Opcode.READ.code(), 64, 0, payload.length, payload)));
    assertEquals(ACK, hex(Frame.single(FrameType.ACK, SEQ, EPOCH, Opcode.READ, MessageCodec.encode(new Ack(Opcode.READ, 201)))));
    assertEquals(RESPONSE, hex(Frame.single(FrameType.RESPONSE, SEQ, EPOCH, Opcode.READ, MessageCodec.encode(new ReadResponse(new double[] {75e-6})))));
    Nak nak = new Nak(Opcode.READ, NakCode.PARAM_OUT_OF_LIMITS, ParamId.ROW, 0, 200, 127);
    assertEquals(NAK, hex(Frame.single(FrameType.NAK, SEQ + 1, EPOCH, Opcode.READ, MessageCodec.encode(nak))));
  }

  @Test
  void theDocumentedRequestDecodesToTheRead() throws Exception {
    byte[] wire = HEX.parseHex(REQUEST);
    List<Frame> frames = new ArrayList<>();
    new FrameDecoder(4096).feed(wire, 0, wire.length, new FrameDecoder.Listener() {
      @Override public void onFrame(Frame frame) { frames.add(frame); }
      @Override public void onError(ProtocolException error) { throw new AssertionError(error); }
    });
    assertEquals(1, frames.size());
    Frame f = frames.get(0);
    assertEquals(64, f.replyPartBytes());
    ReadRequest r = (ReadRequest) MessageCodec.decode(f.type(), f.opcode(), f.payload());
    assertArrayEquals(new int[] {3}, r.rows());
    assertArrayEquals(new int[] {5}, r.cols());
  }

  private static String hex(Frame f) {
    return HEX.formatHex(FrameCodec.encode(f));
  }
}
