package insitu.boards.conformance;

import insitu.boards.protocol.BlockMap;
import insitu.boards.protocol.Frame;
import insitu.boards.protocol.FrameType;
import insitu.boards.protocol.Message.FetchRequest;
import insitu.boards.protocol.Message.FetchResponse;
import insitu.boards.protocol.Message.GapsRequest;
import insitu.boards.protocol.Message.GapsResponse;
import insitu.boards.protocol.Message.MvmRequest;
import insitu.boards.protocol.Message.ReadRequest;
import insitu.boards.protocol.Message.ReadResponse;
import insitu.boards.protocol.Message.ReceiveState;
import insitu.boards.protocol.MessageCodec;
import insitu.boards.protocol.NakCode;
import insitu.boards.protocol.Opcode;
import insitu.boards.serial.Parts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/** Messages in parts: reassembly in any order, reply part sizes, GAPS and FETCH (selective repeat). */
final class TransferChecks {
  private static final int BLOCK = Frame.BLOCK_BYTES;
  /** Vectors of the multi-part MVM: 8 rows × 6 × 8 bytes plus the header make 7 blocks. */
  private static final int PARTS_BATCH = 6;

  private TransferChecks() {}

  private static MvmRequest multiPartMvm(BoardUnderTest b) {
    CellPlan p = b.plan();
    int[] rows = p.productRows();
    double[] v = new double[PARTS_BATCH * rows.length];
    SplittableRandom random = new SplittableRandom(v.length);
    for (int i = 0; i < v.length; i++) v[i] = (2 * random.nextDouble() - 1) * b.spec().readVolts();
    return new MvmRequest(p.array(), rows, p.productCols(), PARTS_BATCH, v);
  }

  private static Parts.Header header(FrameLink link, Opcode op, int replyPartBytes) {
    return new Parts.Header(FrameType.REQUEST, link.takeSeq(), link.epoch(), op.code(), replyPartBytes);
  }

  static String partsAnyOrder(BoardUnderTest b) {
    FrameLink link = b.link();
    MvmRequest m = multiPartMvm(b);
    byte[] payload = MessageCodec.encode(m);
    Parts.Header h = header(link, Opcode.MVM, 0);
    List<Frame> small = Parts.split(h, payload, BLOCK), large = Parts.split(h, payload, 2 * BLOCK);
    List<Frame> order = new ArrayList<>();
    order.add(large.get(0)); // blocks 0-1 in one part
    for (int i = small.size() - 1; i >= 2; i--) order.add(small.get(i));
    order.add(small.get(3)); // once more
    Reply parts = link.exchange(order);
    int cols = m.cols().length;
    double[] inParts = BoardUnderTest.currents(parts, PARTS_BATCH * cols, "MVM sent in " + order.size() + " parts out of order");
    long acks = parts.frames().stream().filter(f -> f.type() == FrameType.ACK).count();
    List<Frame> extra = link.listen(b.options().ackTimeoutMillis());
    if (acks != 1 || extra.stream().anyMatch(f -> f.seq() == h.seq()))
      throw new CheckFailure("the MVM sent in parts was answered more than once (" + acks + " ACKs, " + extra.size() + " frames after the response)");
    double[] whole = b.mvm(m.array(), m.rows(), m.cols(), m.rowVolts(), PARTS_BATCH);
    ReadStatistics g = b.readStats(m.array(), m.rows(), m.cols());
    for (int k = 0; k < PARTS_BATCH; k++)
      for (int j = 0; j < cols; j++) {
        double tol = Tolerances.product(b.spec(), g, m.rowVolts(), k, j, m.rows().length, cols, 2);
        if (Math.abs(inParts[k * cols + j] - whole[k * cols + j]) > tol)
          throw new CheckFailure(String.format("vector %d column %d: %.6g µA from the parts, %.6g µA from the whole request", k, m.cols()[j],
              inParts[k * cols + j] * 1e6, whole[k * cols + j] * 1e6));
      }
    return "a " + payload.length + "-byte MVM in " + order.size() + " parts (128 and 64 B, reversed, one twice) answered once, as sent whole";
  }

  static String replyPartSize(BoardUnderTest b) {
    FrameLink link = b.link();
    CellPlan p = b.plan();
    ReadRequest read = new ReadRequest(p.array(), p.productRows(), p.productCols());
    byte[] payload = MessageCodec.encode(read);
    StringBuilder detail = new StringBuilder();
    for (int part : new int[] {BLOCK, 2 * BLOCK}) {
      Reply r = link.exchange(Parts.split(header(link, Opcode.READ, part), payload, link.partBytes()));
      ReadResponse values = r.expect(ReadResponse.class, "READ asking for " + part + "-byte reply parts");
      if (values.siemens().length != read.rows().length * read.cols().length) throw new CheckFailure("READ returned " + values.siemens().length + " values");
      int parts = 0;
      for (Frame f : r.frames()) {
        if (f.type() != FrameType.RESPONSE) continue;
        parts++;
        if (f.payload().length > part) throw new CheckFailure("asked for " + part + "-byte reply parts, got one of " + f.payload().length);
        if (f.offset() % BLOCK != 0) throw new CheckFailure("a reply part starts at byte " + f.offset() + ", not on a 64-byte block");
        if (!f.tail() && f.payload().length % BLOCK != 0) throw new CheckFailure("a reply part that is not the last has " + f.payload().length + " bytes");
      }
      detail.append(detail.length() == 0 ? "" : "; ").append(r.responseBytes().length).append(" B in ").append(parts).append(" parts of <= ").append(part);
    }
    return "READ reply " + detail;
  }

  static String gaps(BoardUnderTest b) {
    FrameLink link = b.link();
    MvmRequest m = multiPartMvm(b);
    byte[] payload = MessageCodec.encode(m);
    Parts.Header h = header(link, Opcode.MVM, 0);
    List<Frame> parts = Parts.split(h, payload, BLOCK);
    if (parts.size() < 5) throw new CheckFailure("internal: the MVM has only " + parts.size() + " blocks");
    List<Frame> sent = new ArrayList<>(parts);
    sent.remove(3);
    sent.remove(1);
    link.send(sent);
    List<Frame> early = link.listen(b.options().ackTimeoutMillis());
    if (early.stream().anyMatch(f -> f.seq() == h.seq())) throw new CheckFailure("the board answered an MVM with blocks 1 and 3 missing: " + early.get(0));
    Reply g = link.call(new GapsRequest(h.seq()));
    GapsResponse partial = g.expect(GapsResponse.class, "GAPS of the incomplete MVM");
    TreeSet<Long> marked = new TreeSet<>();
    for (Frame f : g.frames()) marked.addAll(markedBlocks(f));
    if (partial.state() != ReceiveState.PARTIAL || partial.totalBytes() != payload.length || !marked.equals(new TreeSet<>(List.of(1L, 3L))))
      throw new CheckFailure("GAPS of an MVM missing blocks 1 and 3 of " + parts.size() + " says " + partial.state() + ", total " + partial.totalBytes()
          + ", blocks " + marked);
    Reply done = link.exchange(List.of(parts.get(1), parts.get(3)));
    BoardUnderTest.currents(done, m.batch() * m.cols().length, "MVM completed by its missing blocks");
    GapsResponse answered = link.call(new GapsRequest(h.seq())).expect(GapsResponse.class, "GAPS of the answered MVM");
    if (answered.state() != ReceiveState.ANSWERED) throw new CheckFailure("GAPS of the answered MVM says " + answered.state());
    int unused = (h.seq() + Frame.SEQ_UNKNOWN / 2) % Frame.SEQ_UNKNOWN;
    GapsResponse none = link.call(new GapsRequest(unused)).expect(GapsResponse.class, "GAPS of an unused seq");
    if (none.state() != ReceiveState.NONE) throw new CheckFailure("GAPS of the unused seq " + unused + " says " + none.state());
    return "GAPS: PARTIAL with blocks [1, 3] of " + parts.size() + " missing, ANSWERED once they were sent, NONE for an unused seq";
  }

  /** Blocks a GAPS reply frame marks as missing. */
  private static List<Long> markedBlocks(Frame f) {
    List<Long> out = new ArrayList<>();
    try {
      GapsResponse g = (GapsResponse) MessageCodec.decode(f.type(), f.opcode(), f.payload());
      BlockMap m = g.missing();
      for (int i = 0; i < m.count(); i++) if (m.marked(i)) out.add(m.firstBlock() + i);
    } catch (insitu.boards.protocol.ProtocolException | ClassCastException e) {
      throw new CheckFailure("a GAPS reply frame does not decode: " + e.getMessage());
    }
    return out;
  }

  static String fetch(BoardUnderTest b) {
    FrameLink link = b.link();
    CellPlan p = b.plan();
    ReadRequest read = new ReadRequest(p.array(), p.productRows(), p.productCols());
    Reply original = link.exchange(Parts.split(header(link, Opcode.READ, BLOCK), MessageCodec.encode(read), link.partBytes()));
    original.expect(ReadResponse.class, "READ");
    byte[] bytes = original.responseBytes();
    int blocks = (bytes.length + BLOCK - 1) / BLOCK;
    if (blocks < 4) throw new CheckFailure("internal: the READ reply has only " + blocks + " blocks");
    Frame fetch = link.frames(new FetchRequest(original.seq(), new BlockMap(0, blocks, new byte[] {0b101})), BLOCK).get(0);
    List<Frame> resent = fetchRound(link, fetch, b.options());
    TreeSet<Long> covered = new TreeSet<>();
    for (Frame f : resent) {
      if (f.type() != FrameType.RESPONSE || f.opcode() != Opcode.READ.code()) continue;
      if (!Arrays.equals(f.payload(), Arrays.copyOfRange(bytes, (int) f.offset(), (int) f.offset() + f.payload().length)))
        throw new CheckFailure("FETCH resent bytes " + f.offset() + "+" + f.payload().length + " that differ from the original reply");
      for (long k = f.offset() / BLOCK; k * BLOCK < f.offset() + f.payload().length; k++) covered.add(k);
    }
    if (!covered.equals(new TreeSet<>(List.of(0L, 2L)))) throw new CheckFailure("FETCH of blocks [0, 2] resent blocks " + covered);
    Frame all = link.frames(new FetchRequest(original.seq(), BlockMap.whole()), BLOCK).get(0);
    byte[] again = SessionChecks.reassembled(fetchRound(link, all, b.options()), original.seq());
    if (!Arrays.equals(again, bytes)) throw new CheckFailure("FETCH with an empty map did not resend the whole reply");
    int unused = (original.seq() + Frame.SEQ_UNKNOWN / 2) % Frame.SEQ_UNKNOWN;
    link.call(new FetchRequest(unused, BlockMap.whole())).expectNak(NakCode.BAD_SEQUENCE, null, "FETCH of an unused seq");
    return "FETCH of blocks [0, 2] of a " + blocks + "-block reply resent exactly those, then the count; an empty map resent all " + bytes.length
        + " B; an unused seq refused BAD_SEQUENCE";
  }

  /** Sends a FETCH and returns the frames under the fetched seq that came before its trailer (which must count their bytes). */
  private static List<Frame> fetchRound(FrameLink link, Frame fetch, ConformanceOptions options) {
    Reply trailer = link.exchange(List.of(fetch));
    FetchResponse done = trailer.expect(FetchResponse.class, "FETCH");
    List<Frame> resent = new ArrayList<>(link.takeStrays());
    link.listen(options.ackTimeoutMillis()); // the trailer's second copy
    link.takeStrays();
    long bytes = resent.stream().filter(f -> f.type() == FrameType.RESPONSE).mapToLong(f -> f.payload().length).sum();
    if (done.bytesSent() != bytes) throw new CheckFailure("the FETCH trailer counts " + done.bytesSent() + " bytes, " + bytes + " were resent");
    return resent;
  }
}
