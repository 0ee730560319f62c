package insitu.boards.protocol;

import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import insitu.boards.PatchGeometry;
import insitu.boards.PulseKind;
import insitu.boards.protocol.Message.*;
import java.util.HashSet;
import java.util.Set;

/**
 * Message payloads to and from little-endian bytes (layouts in docs/board-protocol.md). Decoding
 * is strict: every count is checked against the payload, every enum value must be known, and
 * trailing bytes are an error, so a decoded message re-encodes to exactly the bytes received.
 */
public final class MessageCodec {
  private static final int KIND_SET = 0, KIND_RESET = 1;
  private static final int SMALL_PAYLOAD_BYTES = 64;

  private MessageCodec() {}

  public static byte[] encode(Message m) {
    WireWriter w = new WireWriter(SMALL_PAYLOAD_BYTES);
    if (m instanceof Hello || m instanceof SafeStateRequest || m instanceof SelfTestRequest
        || m instanceof AbortRequest || m instanceof SafeStateResponse) {
      return w.toBytes(); // empty payloads
    } else if (m instanceof ConfigRequest c) {
      w.u32(c.watchdogMillis()).u16(c.maxPayloadBytes());
    } else if (m instanceof ConfigResponse c) {
      w.u32(c.watchdogMillis()).u16(c.maxPayloadBytes());
    } else if (m instanceof StatusRequest s) {
      w.u16(s.querySeq()).u32(s.commandId());
    } else if (m instanceof GapsRequest g) {
      w.u16(g.querySeq());
    } else if (m instanceof FetchRequest f) {
      blocks(w.u16(f.querySeq()), f.wanted());
    } else if (m instanceof GapsResponse g) {
      blocks(w.u8(g.state().ordinal()).u32(g.totalBytes()), g.missing());
    } else if (m instanceof FetchResponse f) {
      w.u32(f.bytesSent());
    } else if (m instanceof ReadRequest r) {
      region(w, r.array(), r.rows(), r.cols());
    } else if (m instanceof PulseRequest p) {
      w.u32(p.commandId()).u32(p.totalCells()).u32(p.firstCell()).u16(p.array())
          .u8(p.kind() == PulseKind.SET ? KIND_SET : KIND_RESET).f64(p.amplitudeVolts()).u32(p.rows().length);
      w.u16s(p.rows(), 0, p.rows().length).u16s(p.cols(), 0, p.cols().length).f64s(p.gateVolts(), 0, p.gateVolts().length);
    } else if (m instanceof MvmRequest r) {
      region(w, r.array(), r.rows(), r.cols());
      w.u32(r.batch()).f64s(r.rowVolts(), 0, r.rowVolts().length);
    } else if (m instanceof MvmDifferentialRequest r) {
      region(w, r.array(), r.rows(), r.cols());
      w.u32(r.batch()).f64s(r.pairVolts(), 0, r.pairVolts().length);
    } else if (m instanceof MvmPatchesRequest r) {
      region(w, r.array(), r.rows(), r.cols());
      PatchGeometry g = r.geometry();
      w.u16(g.channels()).u16(g.height()).u16(g.width()).u16(g.kernelH()).u16(g.kernelW()).u16(g.strideH()).u16(g.strideW())
          .u16(g.padTop()).u16(g.padLeft()).u16(g.padBottom()).u16(g.padRight()).u16(g.dilationH()).u16(g.dilationW());
      w.u32(r.samples()).f64s(r.maps(), 0, r.maps().length);
    } else if (m instanceof Info i) {
      info(w, i);
    } else if (m instanceof StatusResponse s) {
      w.u8(s.boardState().ordinal()).u16(s.querySeq()).u8(s.seqState().ordinal()).u32(s.commandId())
          .u8(s.journalFound() ? 1 : 0).u32(s.totalCells()).u32(s.appliedCells()).u32(s.bootCount());
    } else if (m instanceof SelfTestResponse s) {
      w.u32(s.checkedCells()).u32(s.failedCells());
    } else if (m instanceof AbortResponse a) {
      w.u8(a.aborted() ? 1 : 0);
    } else if (m instanceof ReadResponse r) {
      w.u32(r.siemens().length).f64s(r.siemens(), 0, r.siemens().length);
    } else if (m instanceof PulseResponse p) {
      w.u32(p.commandId()).u32(p.appliedCells());
    } else if (m instanceof MvmResponse r) {
      w.u32(r.columnAmps().length).f64s(r.columnAmps(), 0, r.columnAmps().length);
    } else if (m instanceof Ack a) {
      w.u32(a.estimatedMicros());
    } else if (m instanceof Nak n) {
      w.u8(n.code().code()).u8(n.param().code()).u32(n.index()).f64(n.value()).f64(n.limit());
    } else if (m instanceof BootEvent b) {
      w.u32(b.epoch()).u32(b.bootCount()).u8(b.reason().ordinal());
    }
    return w.toBytes();
  }

  private static void blocks(WireWriter w, BlockMap b) {
    w.u32(b.firstBlock()).u16(b.count()).bytes(b.bits());
  }

  private static BlockMap blocks(WireReader r) throws ProtocolException {
    long first = r.u32("first block");
    int n = r.u16("block count");
    return new BlockMap(first, n, r.bytes((n + 7) / 8, "block bits"));
  }

  private static void region(WireWriter w, int array, int[] rows, int[] cols) {
    w.u16(array).u16(rows.length).u16(cols.length).u16s(rows, 0, rows.length).u16s(cols, 0, cols.length);
  }

  private static void info(WireWriter w, Info i) {
    BoardSpec s = i.spec();
    w.string(s.name()).u16(s.arrays()).u16(s.rows()).u16(s.cols())
        .f64(s.minSiemens()).f64(s.maxSiemens()).f64(s.readVolts())
        .f64(s.maxSetVolts()).f64(s.maxResetVolts()).f64(s.maxGateVolts())
        .u8(s.adcBits()).f64(s.fullScaleAmps())
        .u16(i.maxPayloadBytes()).u32(i.maxRequestBytes()).u32(i.lastCommandId()).u32(i.bootCount());
    DefectMap d = s.defects();
    w.u32(d.badRows().size());
    for (long k : sorted(d.badRows())) w.u16((int) (k >>> 32)).u16((int) k);
    w.u32(d.badCols().size());
    for (long k : sorted(d.badCols())) w.u16((int) (k >>> 32)).u16((int) k);
    w.u32(d.badCells().size());
    for (long k : sorted(d.badCells())) w.u16((int) (k >>> 40)).u16((int) ((k >>> 20) & 0xFFFFF)).u16((int) (k & 0xFFFFF));
  }

  private static long[] sorted(Set<Long> keys) {
    return keys.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  /** Decodes the payload of a frame of this type and opcode. */
  public static Message decode(FrameType type, int opcodeCode, byte[] payload) throws ProtocolException {
    Opcode op = Opcode.of(opcodeCode);
    // A NAK may refuse an opcode the board does not know, or a frame it could not read at all.
    if (type == FrameType.NAK) {
      WireReader r = new WireReader(payload);
      Message m = nak(op, r);
      r.end("NAK");
      return m;
    }
    if (op == null) throw new ProtocolException(NakCode.UNKNOWN_OPCODE, "unknown opcode 0x" + Integer.toHexString(opcodeCode));
    WireReader r = new WireReader(payload);
    Message m = switch (type) {
      case REQUEST -> request(op, r);
      case RESPONSE -> response(op, r);
      case ACK -> new Ack(op, r.u32("ack estimate"));
      case NAK -> throw new AssertionError("handled above");
      case EVENT -> event(op, r);
    };
    r.end(op + " " + type);
    return m;
  }

  private static Message request(Opcode op, WireReader r) throws ProtocolException {
    return switch (op) {
      case HELLO -> new Hello();
      case CONFIG -> new ConfigRequest(r.u32("watchdog"), r.u16("max payload"));
      case STATUS -> new StatusRequest(r.u16("query seq"), r.u32("command id"));
      case SAFE_STATE -> new SafeStateRequest();
      case SELF_TEST -> new SelfTestRequest();
      case ABORT -> new AbortRequest();
      case GAPS -> new GapsRequest(r.u16("query seq"));
      case FETCH -> new FetchRequest(r.u16("query seq"), blocks(r));
      case READ -> {
        int array = r.u16("array"), nr = r.u16("row count"), nc = r.u16("col count");
        yield new ReadRequest(array, r.u16s(nr, "rows"), r.u16s(nc, "cols"));
      }
      case PULSE -> {
        long id = r.u32("command id"), total = r.u32("total cells"), first = r.u32("first cell");
        int array = r.u16("array");
        int kind = r.u8("kind");
        if (kind != KIND_SET && kind != KIND_RESET) throw new ProtocolException(NakCode.PARAM_OUT_OF_LIMITS, "pulse kind " + kind);
        double amp = r.f64("amplitude");
        int n = r.count("cell count");
        yield new PulseRequest(id, total, first, array, kind == KIND_SET ? PulseKind.SET : PulseKind.RESET, amp,
            r.u16s(n, "pulse rows"), r.u16s(n, "pulse cols"), r.f64s(n, "gate volts"));
      }
      case MVM -> {
        int array = r.u16("array"), nr = r.u16("row count"), nc = r.u16("col count");
        int[] rows = r.u16s(nr, "rows"), cols = r.u16s(nc, "cols");
        int batch = r.count("batch");
        yield new MvmRequest(array, rows, cols, batch, r.f64s((long) batch * nr, "row volts"));
      }
      case MVM_DIFFERENTIAL -> {
        int array = r.u16("array"), nr = r.u16("row count"), nc = r.u16("col count");
        int[] rows = r.u16s(nr, "rows"), cols = r.u16s(nc, "cols");
        int batch = r.count("batch");
        yield new MvmDifferentialRequest(array, rows, cols, batch, r.f64s((long) batch * (nr / 2), "pair volts"));
      }
      case MVM_PATCHES -> {
        int array = r.u16("array"), nr = r.u16("row count"), nc = r.u16("col count");
        int[] rows = r.u16s(nr, "rows"), cols = r.u16s(nc, "cols");
        PatchGeometry g = geometry(r);
        int samples = r.count("samples");
        yield new MvmPatchesRequest(array, rows, cols, g, samples, r.f64s((long) samples * g.mapSize(), "feature maps"));
      }
      default -> throw new ProtocolException(NakCode.UNKNOWN_OPCODE, op + " is not a request");
    };
  }

  private static Message response(Opcode op, WireReader r) throws ProtocolException {
    return switch (op) {
      case HELLO -> info(r);
      case CONFIG -> new ConfigResponse(r.u32("watchdog"), r.u16("max payload"));
      case STATUS -> {
        BoardState bs = enumOf(BoardState.values(), r.u8("board state"), "board state");
        int seq = r.u16("query seq");
        SeqState ss = enumOf(SeqState.values(), r.u8("seq state"), "seq state");
        long id = r.u32("command id");
        boolean found = bool(r.u8("journal found"));
        yield new StatusResponse(bs, seq, ss, id, found, r.u32("total cells"), r.u32("applied cells"), r.u32("boot count"));
      }
      case SAFE_STATE -> new SafeStateResponse();
      case SELF_TEST -> new SelfTestResponse(r.u32("checked"), r.u32("failed"));
      case ABORT -> new AbortResponse(bool(r.u8("aborted")));
      case GAPS -> {
        ReceiveState state = enumOf(ReceiveState.values(), r.u8("receive state"), "receive state");
        yield new GapsResponse(state, r.u32("total bytes"), blocks(r));
      }
      case FETCH -> new FetchResponse(r.u32("bytes sent"));
      case READ -> new ReadResponse(r.f64s(r.count("value count"), "siemens"));
      case PULSE -> new PulseResponse(r.u32("command id"), r.u32("applied cells"));
      case MVM, MVM_DIFFERENTIAL, MVM_PATCHES -> new MvmResponse(r.f64s(r.count("value count"), "column amps"));
      default -> throw new ProtocolException(NakCode.UNKNOWN_OPCODE, op + " has no response");
    };
  }

  private static PatchGeometry geometry(WireReader r) throws ProtocolException {
    int[] v = new int[13];
    String[] names = {"channels", "height", "width", "kernel height", "kernel width", "stride y", "stride x", "pad top", "pad left",
        "pad bottom", "pad right", "dilation y", "dilation x"};
    for (int i = 0; i < v.length; i++) v[i] = r.u16(names[i]);
    try {
      return new PatchGeometry(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12]);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(NakCode.PARAM_OUT_OF_LIMITS, e.getMessage());
    }
  }

  private static Info info(WireReader r) throws ProtocolException {
    String name = r.string("name");
    int arrays = r.u16("arrays"), rows = r.u16("rows"), cols = r.u16("cols");
    double minS = r.f64("min siemens"), maxS = r.f64("max siemens"), readV = r.f64("read volts");
    double setV = r.f64("max set volts"), resetV = r.f64("max reset volts"), gateV = r.f64("max gate volts");
    int adc = r.u8("adc bits");
    double fs = r.f64("full scale amps");
    int maxPayload = r.u16("max payload");
    long maxRequest = r.u32("max request"), lastId = r.u32("last command id"), boots = r.u32("boot count");
    Set<Long> badRows = new HashSet<>(), badCols = new HashSet<>(), badCells = new HashSet<>();
    int n = r.count("bad row count");
    for (int i = 0; i < n; i++) badRows.add(DefectMap.lineKey(r.u16("bad row array"), r.u16("bad row")));
    n = r.count("bad col count");
    for (int i = 0; i < n; i++) badCols.add(DefectMap.lineKey(r.u16("bad col array"), r.u16("bad col")));
    n = r.count("bad cell count");
    for (int i = 0; i < n; i++) badCells.add(DefectMap.cellKey(r.u16("bad cell array"), r.u16("bad cell row"), r.u16("bad cell col")));
    try {
      BoardSpec spec = new BoardSpec(name, arrays, rows, cols, minS, maxS, readV, setV, resetV, gateV, adc, fs,
          new DefectMap(badRows, badCols, badCells));
      return new Info(spec, maxPayload, maxRequest, lastId, boots);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(NakCode.PARAM_OUT_OF_LIMITS, "board sent an invalid spec: " + e.getMessage());
    }
  }

  private static Message nak(Opcode op, WireReader r) throws ProtocolException {
    NakCode code = NakCode.of(r.u8("nak code"));
    ParamId param = ParamId.of(r.u8("nak param"));
    if (code == null || param == null) throw new ProtocolException(NakCode.BAD_LENGTH, "unknown NAK code or parameter");
    return new Nak(op, code, param, r.u32("nak index"), r.f64("nak value"), r.f64("nak limit"));
  }

  private static Message event(Opcode op, WireReader r) throws ProtocolException {
    if (op != Opcode.BOOT) throw new ProtocolException(NakCode.UNKNOWN_OPCODE, op + " is not a known event");
    long epoch = r.u32("epoch"), boots = r.u32("boot count");
    return new BootEvent(epoch, boots, enumOf(BootReason.values(), r.u8("boot reason"), "boot reason"));
  }

  private static boolean bool(int v) throws ProtocolException {
    if (v > 1) throw new ProtocolException(NakCode.BAD_LENGTH, "flag byte " + v + " is not 0 or 1");
    return v == 1;
  }

  private static <E> E enumOf(E[] values, int code, String what) throws ProtocolException {
    if (code >= values.length) throw new ProtocolException(NakCode.BAD_LENGTH, what + " " + code + " unknown");
    return values[code];
  }
}
