package insitu.boards.protocol;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import insitu.boards.PatchGeometry;
import insitu.boards.PulseKind;
import insitu.boards.protocol.Message.*;
import insitu.boards.serial.Cobs;
import insitu.boards.serial.FrameCheck;
import insitu.boards.serial.FrameCodec;
import insitu.boards.serial.FrameDecoder;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden bytes computed independently (Python, from the spec in docs/board-protocol.md). */
class ProtocolGoldenBytesTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void frameCheckIsCrc32cWithItsCheckValue() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertEquals(0xE3069283L, FrameCheck.of(check, 0, check.length));
  }

  @Test
  void cobsEncodesZerosAndLongRuns() {
    assertCobs("00", "0101");
    assertCobs("11220033", "03112202" + "33");
    byte[] run = new byte[254];
    java.util.Arrays.fill(run, (byte) 7);
    byte[] out = new byte[Cobs.maxEncodedLength(run.length)];
    int n = Cobs.encode(run, 0, run.length, out, 0);
    assertEquals(256, n);
    assertEquals((byte) 0xFF, out[0]);
    assertEquals(1, out[255]);
    byte[] back = new byte[n];
    assertEquals(254, Cobs.decode(out, n, back));
  }

  private static void assertCobs(String raw, String encoded) {
    byte[] r = HEX.parseHex(raw);
    byte[] out = new byte[Cobs.maxEncodedLength(r.length)];
    int n = Cobs.encode(r, 0, r.length, out, 0);
    assertEquals(encoded, HEX.formatHex(out, 0, n));
  }

  @Test
  void helloRequestFrameHasGoldenBytes() {
    Frame f = Frame.single(FrameType.REQUEST, 1, 0x12345678L, Opcode.HELLO, MessageCodec.encode(new Hello()));
    assertEquals("000403010106785634120101010101010101010101056815b5ef00", HEX.formatHex(FrameCodec.encode(f)));
  }

  @Test
  void partFrameCarriesOffsetTotalAndReplyPartSize() throws Exception {
    // Bytes 64…67 of a 200-byte MVM request, asking for 128-byte reply parts (flags 0x20).
    Frame f = new Frame(FrameType.REQUEST, 5, 1, Opcode.MVM.code(), 128, 64, 200, new byte[] {1, 2, 3, 4});
    String wire = "00040301050201010104122040010102c80101020409010203041a27018500";
    assertEquals(wire, HEX.formatHex(FrameCodec.encode(f)));
    List<Frame> got = new ArrayList<>();
    byte[] bytes = HEX.parseHex(wire);
    new FrameDecoder(1024).feed(bytes, 0, bytes.length, new FrameDecoder.Listener() {
      @Override public void onFrame(Frame frame) { got.add(frame); }
      @Override public void onError(ProtocolException error) { throw new AssertionError(error); }
    });
    assertEquals(List.of(f), got);
  }

  @Test
  void pulseRequestHasGoldenPayloadAndFrame() throws Exception {
    PulseRequest p = new PulseRequest(7, 2, 0, 1, PulseKind.SET, 2.5, new int[] {3, 4}, new int[] {5, 6}, new double[] {1.0, 1.5});
    byte[] payload = MessageCodec.encode(p);
    assertEquals("0700000002000000000000000100000000000000000440020000000300040005000600"
        + "000000000000f03f000000000000f83f", HEX.formatHex(payload));
    Frame f = Frame.single(FrameType.REQUEST, 0x0203, 0xA1B2C3D4L, Opcode.PULSE, payload);
    assertEquals("000a03010302d4c3b2a11101010101023301010233020701010202010101010101020101010101010101040440020101020302040205020601010101010103f03f010101010107f83f5c72c73f00",
        HEX.formatHex(FrameCodec.encode(f)));
    PulseRequest back = (PulseRequest) MessageCodec.decode(FrameType.REQUEST, Opcode.PULSE.code(), payload);
    assertArrayEquals(p.rows(), back.rows());
    assertArrayEquals(p.gateVolts(), back.gateVolts());
    assertEquals(p.amplitudeVolts(), back.amplitudeVolts());
  }

  @Test
  void patchAndDifferentialMvmRequestsHaveGoldenPayloads() throws Exception {
    // One 2×2 map, 1×1 kernel: region rows 0,1 (one pair), column 2.
    PatchGeometry geo = new PatchGeometry(1, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1);
    MvmPatchesRequest p = new MvmPatchesRequest(0, new int[] {0, 1}, new int[] {2}, geo, 1, new double[] {1.0, -2.0, 0.5, 0});
    String region = "0000" + "0200" + "0100" + "0000" + "0100" + "0200";
    assertEquals(region + "0100" + "0200" + "0200" + "0100" + "0100" + "0100" + "0100" + "0000" + "0000" + "0000" + "0000" + "0100" + "0100"
        + "01000000" + "000000000000f03f" + "00000000000000c0" + "000000000000e03f" + "0000000000000000", HEX.formatHex(MessageCodec.encode(p)));
    MvmPatchesRequest back = (MvmPatchesRequest) MessageCodec.decode(FrameType.REQUEST, Opcode.MVM_PATCHES.code(), MessageCodec.encode(p));
    assertEquals(geo, back.geometry());
    assertArrayEquals(p.maps(), back.maps());
    MvmDifferentialRequest d = new MvmDifferentialRequest(0, new int[] {0, 1}, new int[] {2}, 1, new double[] {0.1});
    assertEquals(region + "01000000" + "9a9999999999b93f", HEX.formatHex(MessageCodec.encode(d)));
  }

  @Test
  void badPatchGeometryIsRefusedAsAParameter() {
    // A 3×3 kernel on a 2×2 map without padding has no output position.
    byte[] bad = HEX.parseHex("0000" + "0200" + "0100" + "0000" + "0100" + "0200" + "0100" + "0200" + "0200" + "0300" + "0300" + "0100" + "0100"
        + "0000" + "0000" + "0000" + "0000" + "0100" + "0100" + "00000000");
    ProtocolException e = assertThrows(ProtocolException.class, () -> MessageCodec.decode(FrameType.REQUEST, Opcode.MVM_PATCHES.code(), bad));
    assertEquals(NakCode.PARAM_OUT_OF_LIMITS, e.nak());
  }

  @Test
  void everyMessageRoundTripsThroughItsBytes() throws Exception {
    BoardSpec spec = SimulatedBoard.specFor(DeviceModel.paper(), 2, 16, 8)
        .withDefects(DefectMap.none().withBadRow(1, 3).withBadCol(0, 2).withBadCell(1, 4, 5));
    List<Message> all = List.of(new Hello(), new ConfigRequest(500, 1024), new StatusRequest(9, 77), new SafeStateRequest(),
        new SelfTestRequest(), new AbortRequest(), new ReadRequest(1, new int[] {0, 2}, new int[] {7}),
        new MvmRequest(0, new int[] {1}, new int[] {2, 3}, 2, new double[] {0.1, -0.2}),
        new MvmDifferentialRequest(1, new int[] {4, 5}, new int[] {2, 3}, 2, new double[] {0.1, -0.2}),
        new MvmPatchesRequest(0, new int[] {0, 1, 2, 3}, new int[] {7}, new PatchGeometry(1, 3, 3, 2, 1, 1, 1, 1, 0, 0, 0, 1, 1), 2,
            new double[18]),
        new Info(spec, 4096, 1 << 20, 12, 3), new ConfigResponse(500, 1024),
        new StatusResponse(BoardState.IDLE, 9, SeqState.DONE, 77, true, 10, 4, 3), new SafeStateResponse(),
        new SelfTestResponse(256, 1), new AbortResponse(false), new ReadResponse(new double[] {1e-5, 2e-5}),
        new PulseResponse(77, 10), new MvmResponse(new double[] {3e-6}), new Ack(Opcode.READ, 1234),
        new Nak(Opcode.PULSE, NakCode.PARAM_OUT_OF_LIMITS, ParamId.GATE_VOLTS, 3, 9.5, 5.0),
        new BootEvent(0xCAFEL, 4, BootReason.FAULT), new GapsRequest(12),
        new FetchRequest(12, new BlockMap(3, 10, new byte[] {(byte) 0x81, 0x02})), new FetchResponse(4096),
        new GapsResponse(ReceiveState.PARTIAL, 100_000, new BlockMap(0, 9, new byte[] {1, 1})),
        new GapsResponse(ReceiveState.ANSWERED, 0, BlockMap.whole()));
    for (Message m : all) {
      byte[] bytes = MessageCodec.encode(m);
      Message back = MessageCodec.decode(m.type(), m.opcode().code(), bytes);
      assertArrayEquals(bytes, MessageCodec.encode(back), "re-encoding " + m.getClass().getSimpleName());
      assertEquals(m.getClass(), back.getClass());
    }
    Info info = (Info) MessageCodec.decode(FrameType.RESPONSE, Opcode.HELLO.code(), MessageCodec.encode(all.get(10)));
    assertEquals(spec, info.spec(), "spec with defect map round-trips");
  }

  @Test
  void decoderRejectsTruncatedAndTrailingBytes() {
    byte[] ok = MessageCodec.encode(new StatusRequest(1, 2));
    ProtocolException shortErr = assertThrows(ProtocolException.class,
        () -> MessageCodec.decode(FrameType.REQUEST, Opcode.STATUS.code(), java.util.Arrays.copyOf(ok, ok.length - 1)));
    assertEquals(NakCode.BAD_LENGTH, shortErr.nak());
    assertThrows(ProtocolException.class,
        () -> MessageCodec.decode(FrameType.REQUEST, Opcode.STATUS.code(), java.util.Arrays.copyOf(ok, ok.length + 1)));
    ProtocolException unknown = assertThrows(ProtocolException.class, () -> MessageCodec.decode(FrameType.REQUEST, 0x7E, new byte[0]));
    assertEquals(NakCode.UNKNOWN_OPCODE, unknown.nak());
  }

  @Test
  void frameDecoderResynchronizesAfterGarbage() {
    byte[] good = FrameCodec.encode(Frame.single(FrameType.REQUEST, 5, 1, Opcode.HELLO, new byte[0]));
    byte[] stream = new byte[3 + good.length * 2];
    stream[0] = 0x13;
    stream[1] = 0x37;
    stream[2] = 0x55; // garbage without a delimiter, glued to the first frame's leading 0x00
    System.arraycopy(good, 0, stream, 3, good.length);
    System.arraycopy(good, 0, stream, 3 + good.length, good.length);
    stream[3 + good.length + 5] ^= 0x40; // damage the second copy
    List<Frame> frames = new ArrayList<>();
    List<ProtocolException> errors = new ArrayList<>();
    FrameDecoder d = new FrameDecoder(1024);
    d.feed(stream, 0, stream.length, new FrameDecoder.Listener() {
      @Override public void onFrame(Frame frame) { frames.add(frame); }
      @Override public void onError(ProtocolException error) { errors.add(error); }
    });
    assertEquals(1, frames.size());
    assertEquals(5, frames.get(0).seq());
    assertEquals(2, errors.size(), "the garbage block and the damaged frame");
    assertEquals(1, d.crcErrors() + d.malformedFrames() - 1);
  }
}
