package insitu.boards.conformance;

import insitu.boards.BoardSpec;
import insitu.boards.PatchGeometry;
import insitu.boards.PulseKind;
import insitu.boards.protocol.Frame;
import insitu.boards.protocol.FrameType;
import insitu.boards.protocol.Message.MvmDifferentialRequest;
import insitu.boards.protocol.Message.MvmPatchesRequest;
import insitu.boards.protocol.Message.MvmRequest;
import insitu.boards.protocol.Message.Nak;
import insitu.boards.protocol.Message.PulseRequest;
import insitu.boards.protocol.Message.ReadRequest;
import insitu.boards.protocol.MessageCodec;
import insitu.boards.protocol.NakCode;
import insitu.boards.protocol.Opcode;
import insitu.boards.protocol.ParamId;
import java.util.Arrays;
import java.util.List;

/** Refusals: every field checked against INFO before a line is touched, with the documented NAK. */
final class LimitChecks {
  /** Values a reply may hold: 16 MiB of float64 (its u32 count aside). */
  private static final long MAX_REPLY_VALUES = FrameLink.MAX_REPLY_BYTES / Double.BYTES;
  /** Columns of the oversized MVM (repeated): a small request whose reply would be over the limit. */
  private static final int WIDE_COLS = 4096;
  private static final int UNASSIGNED_OPCODE = 0x7F, GAP_OPCODE = 0x09;

  private LimitChecks() {}

  static String outOfRange(BoardUnderTest b) {
    BoardSpec s = b.spec();
    CellPlan p = b.plan();
    int a = p.array(), r0 = p.rows()[0], c0 = p.cols()[0];
    param(b.call(new ReadRequest(s.arrays(), new int[] {r0}, new int[] {c0})), ParamId.ARRAY, 0, s.arrays(), "READ of array " + s.arrays());
    param(b.call(new ReadRequest(a, new int[] {r0, s.rows()}, new int[] {c0})), ParamId.ROW, 1, s.rows(), "READ of row " + s.rows());
    param(b.call(new ReadRequest(a, new int[] {r0}, new int[] {c0, s.cols()})), ParamId.COL, 1, s.cols(), "READ of column " + s.cols());
    b.call(new ReadRequest(a, new int[0], new int[] {c0})).expectNak(NakCode.PARAM_OUT_OF_LIMITS, ParamId.ROW, "READ of no rows");
    param(b.call(new MvmRequest(s.arrays(), new int[] {r0}, new int[] {c0}, 1, new double[1])), ParamId.ARRAY, 0, s.arrays(), "MVM on array " + s.arrays());
    List<Cell> cell = b.pulseCells().subList(0, 1);
    b.pulse(PulseKind.RESET, cell);
    double low = b.readCells(cell)[0];
    Cell c = cell.get(0);
    PulseRequest half = new PulseRequest(b.newCommandId(), 2, 0, a, PulseKind.SET, s.maxSetVolts(), new int[] {c.row(), s.rows()},
        new int[] {c.col(), c.col()}, new double[] {s.maxGateVolts(), s.maxGateVolts()});
    param(b.call(half), ParamId.ROW, 1, s.rows(), "PULSE whose second cell is on row " + s.rows());
    unchanged(b, cell, low, "the PULSE refused for its second cell");
    return "array " + s.arrays() + ", row " + s.rows() + ", column " + s.cols() + " and an empty region refused with their parameter and index; "
        + c + " untouched by the half-valid PULSE";
  }

  /** The reply must be a PARAM_OUT_OF_LIMITS NAK naming this parameter, index and value. */
  private static void param(Reply r, ParamId param, long index, double value, String what) {
    Nak n = r.expectNak(NakCode.PARAM_OUT_OF_LIMITS, param, what);
    if (n.index() != index || !(n.value() == value || (Double.isNaN(value) && Double.isNaN(n.value()))))
      throw new CheckFailure(what + ": the NAK names index " + n.index() + " value " + n.value() + ", expected index " + index + " value " + value);
  }

  private static void unchanged(BoardUnderTest b, List<Cell> cell, double before, String what) {
    double after = b.readCells(cell)[0];
    if (Math.abs(after - before) > Tolerances.effect(b.spec()))
      throw new CheckFailure(String.format("%s was applied: %s went from %.4g to %.4g µS", what, cell.get(0), before * 1e6, after * 1e6));
  }

  static String overVoltage(BoardUnderTest b) {
    BoardSpec s = b.spec();
    CellPlan p = b.plan();
    int[] rows = p.productRows(), cols = p.productCols();
    int nr = rows.length;
    double[] edge = new double[nr];
    for (int i = 0; i < nr; i++) edge[i] = (i % 2 == 0 ? 1 : -1) * s.readVolts();
    b.mvm(p.array(), rows, cols, edge, 1);
    int k = nr - 1;
    double[] over = edge.clone();
    over[k] = s.readVolts() * 1.01;
    param(b.call(new MvmRequest(p.array(), rows, cols, 1, over)), ParamId.ROW_VOLTS, k, over[k], "MVM with row " + k + " at 1.01 × readVolts");
    double[] nan = edge.clone();
    nan[0] = Double.NaN;
    param(b.call(new MvmRequest(p.array(), rows, cols, 1, nan)), ParamId.ROW_VOLTS, 0, Double.NaN, "MVM with a NaN voltage");
    double[] pairs = new double[nr / 2];
    pairs[pairs.length - 1] = -s.readVolts() * 1.01;
    param(b.call(new MvmDifferentialRequest(p.array(), rows, cols, 1, pairs)), ParamId.ROW_VOLTS, pairs.length - 1, pairs[pairs.length - 1],
        "MVM_DIFFERENTIAL with a pair beyond readVolts");
    List<Cell> cell = b.pulseCells().subList(0, 1);
    b.pulse(PulseKind.RESET, cell);
    double low = b.readCells(cell)[0];
    PulseRequest ok = b.pulseRequest(PulseKind.SET, cell, s.maxGateVolts());
    b.call(amplitude(ok, s.maxSetVolts() * 1.05)).expectNak(NakCode.PARAM_OUT_OF_LIMITS, ParamId.AMPLITUDE_VOLTS, "SET beyond maxSetVolts");
    b.call(amplitude(ok, -0.5)).expectNak(NakCode.PARAM_OUT_OF_LIMITS, ParamId.AMPLITUDE_VOLTS, "SET with a negative amplitude");
    Cell c = cell.get(0);
    PulseRequest gates = new PulseRequest(ok.commandId(), 2, 0, c.array(), PulseKind.SET, s.maxSetVolts(), new int[] {c.row(), c.row()},
        new int[] {c.col(), c.col()}, new double[] {s.maxGateVolts(), s.maxGateVolts() * 1.05});
    param(b.call(gates), ParamId.GATE_VOLTS, 1, s.maxGateVolts() * 1.05, "SET whose second gate is beyond maxGateVolts");
    unchanged(b, cell, low, "a refused over-voltage SET");
    PulseRequest reset = b.pulseRequest(PulseKind.RESET, cell, s.maxGateVolts());
    b.call(amplitude(reset, s.maxResetVolts() * 1.05)).expectNak(NakCode.PARAM_OUT_OF_LIMITS, ParamId.AMPLITUDE_VOLTS, "RESET beyond maxResetVolts");
    return String.format("±%.3g V served; %.4g V on row %d, NaN, a pair at %.4g V, SET %.3g V, SET -0.5 V, gate %.3g V and RESET %.3g V refused; %s unchanged",
        s.readVolts(), over[k], k, pairs[pairs.length - 1], s.maxSetVolts() * 1.05, s.maxGateVolts() * 1.05, s.maxResetVolts() * 1.05, c);
  }

  private static PulseRequest amplitude(PulseRequest p, double volts) {
    return new PulseRequest(p.commandId(), p.totalCells(), p.firstCell(), p.array(), p.kind(), volts, p.rows(), p.cols(), p.gateVolts());
  }

  static String oversized(BoardUnderTest b) {
    CellPlan p = b.plan();
    int a = p.array();
    int[] one = {p.rows()[0]};
    int batch = (int) (MAX_REPLY_VALUES / WIDE_COLS + 1);
    b.call(new MvmRequest(a, one, p.cyclingCols(WIDE_COLS), batch, new double[batch]))
        .expectNak(NakCode.PARAM_OUT_OF_LIMITS, ParamId.BATCH, "MVM of " + batch + " vectors × " + WIDE_COLS + " columns (reply over 16 MiB)");
    int side = (int) Math.ceil(Math.sqrt(MAX_REPLY_VALUES + 1.0));
    b.call(new ReadRequest(a, p.cyclingRows(side), p.cyclingCols(side)))
        .expectNak(NakCode.PARAM_OUT_OF_LIMITS, ParamId.COUNT, "READ of " + side + "×" + side + " cells (reply over 16 MiB)");
    int[] odd = Arrays.copyOf(p.productRows(), 3);
    b.call(new MvmDifferentialRequest(a, odd, p.productCols(), 1, new double[1]))
        .expectNak(NakCode.PARAM_OUT_OF_LIMITS, ParamId.ROW, "MVM_DIFFERENTIAL over 3 rows");
    // A 1×1 map padded by 1023 on every side has 2046² patches: a few bytes of request, millions of vectors.
    PatchGeometry huge = new PatchGeometry(1, 1, 1, 2, 2, 1, 1, 1023, 1023, 1023, 1023, 1, 1);
    Reply patches = b.call(new MvmPatchesRequest(a, p.productRows(), p.productCols(), huge, 1, new double[1]));
    String patchNote = "MVM_PATCHES of " + huge.patchesPerSample() + " patches refused (BATCH)";
    if (patches.nak() != null && patches.nak().code() == NakCode.UNKNOWN_OPCODE) patchNote = "MVM_PATCHES not implemented";
    else patches.expectNak(NakCode.PARAM_OUT_OF_LIMITS, ParamId.BATCH, "MVM_PATCHES of " + huge.patchesPerSample() + " patches");
    String requestNote = "INFO allows requests of any u32 size";
    long maxRequest = b.info().maxRequestBytes();
    if (maxRequest < 0xFFFF_FFFFL) {
      byte[] start = Arrays.copyOf(MessageCodec.encode(new MvmRequest(a, one, one, 1, new double[1])), Frame.MIN_PART_BYTES);
      Frame first = new Frame(FrameType.REQUEST, b.link().takeSeq(), b.link().epoch(), Opcode.MVM.code(), 0, 0, maxRequest + 1, start);
      b.link().exchange(List.of(first)).expectNak(NakCode.BAD_LENGTH, null, "the first part of a " + (maxRequest + 1) + "-byte request");
      requestNote = "the first part of a " + (maxRequest + 1) + "-byte request refused (BAD_LENGTH)";
    }
    return "MVM of " + batch + "×" + WIDE_COLS + " (BATCH), READ of " + side + "² (COUNT), 3-row differential (ROW) refused; " + patchNote + "; "
        + requestNote;
  }

  static String unknownAndLength(BoardUnderTest b) {
    FrameLink link = b.link();
    for (int op : new int[] {UNASSIGNED_OPCODE, GAP_OPCODE}) {
      Reply r = link.exchange(List.of(Frame.single(FrameType.REQUEST, link.takeSeq(), link.epoch(), op, new byte[0])));
      r.expectNak(NakCode.UNKNOWN_OPCODE, null, "opcode 0x" + Integer.toHexString(op));
      Frame nak = r.frames().get(r.frames().size() - 1);
      if (nak.opcode() != op) throw new CheckFailure("the NAK of opcode 0x" + Integer.toHexString(op) + " carries opcode 0x"
          + Integer.toHexString(nak.opcode()));
    }
    Reply program = link.exchange(List.of(Frame.single(FrameType.REQUEST, link.takeSeq(), link.epoch(), Opcode.PROGRAM, new byte[0])));
    if (program.nak() == null || (program.nak().code() != NakCode.UNKNOWN_OPCODE && program.nak().code() != NakCode.BAD_LENGTH))
      throw new CheckFailure("PROGRAM (reserved) with an empty payload was not refused as UNKNOWN_OPCODE or BAD_LENGTH");
    byte[] read = MessageCodec.encode(new ReadRequest(b.plan().array(), new int[] {b.plan().rows()[0]}, new int[] {b.plan().cols()[0]}));
    for (byte[] payload : List.of(Arrays.copyOf(read, read.length + 1), Arrays.copyOf(read, read.length - 1))) {
      Reply r = link.exchange(List.of(Frame.single(FrameType.REQUEST, link.takeSeq(), link.epoch(), Opcode.READ, payload)));
      r.expectNak(NakCode.BAD_LENGTH, null, "READ with a " + payload.length + "-byte payload (" + read.length + " expected)");
    }
    return "opcodes 0x7f and 0x09 refused UNKNOWN_OPCODE (echoed), PROGRAM " + program.nak().code() + ", READ payloads one byte long or short BAD_LENGTH";
  }
}
