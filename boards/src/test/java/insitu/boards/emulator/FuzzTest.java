package insitu.boards.emulator;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardSpec;
import insitu.boards.PulseKind;
import insitu.boards.protocol.Frame;
import insitu.boards.protocol.FrameType;
import insitu.boards.protocol.Message;
import insitu.boards.protocol.Message.*;
import insitu.boards.protocol.MessageCodec;
import insitu.boards.protocol.ProtocolException;
import insitu.boards.serial.FrameCodec;
import insitu.boards.serial.FrameDecoder;
import insitu.boards.serial.Ticker;
import insitu.boards.serial.Transport;
import insitu.boards.sim.DeviceModel;
import insitu.boards.sim.SimulatedBoard;
import insitu.numeric.parallel.Workers;
import insitu.testing.HangGuard;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seeded, bounded fuzzing of both decoders. Only ProtocolException may come out of them. */
@HangGuard
class FuzzTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  private static final DeviceModel MODEL = DeviceModel.paper();
  private static final BoardSpec SPEC = SimulatedBoard.specFor(MODEL, 1, 16, 8);
  private static final int ROUNDS = 3000;

  /** Swallows the emulator's replies. */
  private static final class SinkTransport implements Transport {
    @Override public void write(byte[] bytes, int offset, int length) { }
    @Override public int read(byte[] buffer, int offset, int length, long timeoutMillis) { return 0; }
    @Override public void close() { }
  }

  private static List<Message.Request> validRequests() {
    return List.of(new ReadRequest(0, new int[] {1, 2}, new int[] {3}),
        new MvmRequest(0, new int[] {0, 1}, new int[] {2, 3}, 2, new double[] {0.1, -0.1, 0.2, 0}),
        new PulseRequest(1, 3, 0, 0, PulseKind.SET, 2.0, new int[] {1, 2, 3}, new int[] {4, 5, 6}, new double[] {1, 2, 3}),
        new ConfigRequest(0, 256), new StatusRequest(1, 1), new Hello());
  }

  @Test
  void randomBytesNeverExecuteAnything() {
    BoardEmulator emulator = armedEmulator();
    double[] before = emulator.board().trueConductances(0);
    long executedBefore = emulator.executedCommands();
    SplittableRandom r = new SplittableRandom(1);
    assertDoesNotThrow(() -> {
      for (int i = 0; i < ROUNDS; i++) {
        byte[] junk = new byte[r.nextInt(300)];
        for (int k = 0; k < junk.length; k++) junk[k] = (byte) (r.nextInt(8) == 0 ? 0 : r.nextInt(256));
        emulator.onBytes(junk, 0, junk.length);
      }
    });
    assertEquals(executedBefore, emulator.executedCommands());
    assertArrayEquals(before, emulator.board().trueConductances(0));
  }

  @Test
  void mutatedFramesWithValidCrcExecuteOnlyWellFormedCommands() {
    BoardEmulator emulator = armedEmulator();
    SplittableRandom r = new SplittableRandom(2);
    List<Message.Request> seeds = validRequests();
    assertDoesNotThrow(() -> {
      for (int i = 0; i < ROUNDS; i++) {
        Message.Request m = seeds.get(r.nextInt(seeds.size()));
        byte[] payload = MessageCodec.encode(m);
        payload = mutate(payload, r);
        int opcode = r.nextInt(10) == 0 ? r.nextInt(256) : m.opcode().code();
        boolean wellFormed;
        try {
          MessageCodec.decode(FrameType.REQUEST, opcode, payload);
          wellFormed = true;
        } catch (ProtocolException e) {
          wellFormed = false;
        }
        long executedBefore = emulator.executedCommands();
        // Fresh sequence numbers so no frame is answered from the cache.
        byte[] wire = FrameCodec.encode(Frame.single(FrameType.REQUEST, i % 0xFFF0 + 16, emulator.epoch(), opcode, payload));
        emulator.onBytes(wire, 0, wire.length);
        if (!wellFormed) assertEquals(executedBefore, emulator.executedCommands(), "malformed command executed: round " + i);
      }
    });
    for (double g : emulator.board().trueConductances(0)) assertTrue(g >= SPEC.minSiemens() && g <= SPEC.maxSiemens());
  }

  @Test
  void hostDecoderSurvivesRandomAndMutatedFrames() {
    SplittableRandom r = new SplittableRandom(3);
    FrameDecoder decoder = new FrameDecoder(Frame.MAX_PAYLOAD_BYTES);
    List<Message> replies = List.of(new ReadResponse(new double[] {1, 2, 3}), new MvmResponse(new double[] {4}),
        new StatusResponse(BoardState.IDLE, 1, SeqState.DONE, 1, true, 2, 2, 1), new Ack(insitu.boards.protocol.Opcode.READ, 5),
        new Info(SPEC, 4096, 1 << 20, 0, 1));
    FrameDecoder.Listener decodeEach = new FrameDecoder.Listener() {
      @Override public void onFrame(Frame f) {
        try {
          MessageCodec.decode(f.type(), f.opcode(), f.payload());
        } catch (ProtocolException expected) {
          // the documented outcome for a bad payload
        }
      }

      @Override public void onError(ProtocolException error) { }
    };
    assertDoesNotThrow(() -> {
      for (int i = 0; i < ROUNDS; i++) {
        Message m = replies.get(r.nextInt(replies.size()));
        byte[] payload = mutate(MessageCodec.encode(m), r);
        FrameType type = r.nextInt(8) == 0 ? FrameType.values()[r.nextInt(FrameType.values().length)] : m.type();
        byte[] wire = FrameCodec.encode(Frame.single(type, i & 0xFFFF, 1, m.opcode().code(), payload));
        if (r.nextBoolean()) wire[1 + r.nextInt(wire.length - 2)] ^= (byte) (1 + r.nextInt(255)); // wire damage too
        decoder.feed(wire, 0, wire.length, decodeEach);
      }
    });
    assertTrue(decoder.frames() > 0 && decoder.crcErrors() + decoder.malformedFrames() > 0);
  }

  private static byte[] mutate(byte[] payload, SplittableRandom r) {
    switch (r.nextInt(4)) {
      case 0 -> { // flip bytes
        for (int k = 0, n = 1 + r.nextInt(3); k < n && payload.length > 0; k++) payload[r.nextInt(payload.length)] = (byte) r.nextInt(256);
        return payload;
      }
      case 1 -> { // truncate
        return java.util.Arrays.copyOf(payload, r.nextInt(payload.length + 1));
      }
      case 2 -> { // extend
        byte[] longer = java.util.Arrays.copyOf(payload, payload.length + 1 + r.nextInt(16));
        for (int k = payload.length; k < longer.length; k++) longer[k] = (byte) r.nextInt(256);
        return longer;
      }
      default -> { // blow up a count field
        if (payload.length >= 6) payload[r.nextInt(6)] = (byte) 0xFF;
        return payload;
      }
    }
  }

  private static BoardEmulator armedEmulator() {
    BoardEmulator e = new BoardEmulator(new SimulatedBoard(SPEC, MODEL, 4, WORKERS), new SinkTransport(), 4, FaultPlan.none(), Ticker.system());
    byte[] config = FrameCodec.encode(Frame.single(FrameType.REQUEST, 1, e.epoch(), insitu.boards.protocol.Opcode.CONFIG,
        MessageCodec.encode(new ConfigRequest(0, 256))));
    e.onBytes(config, 0, config.length);
    return e;
  }
}
