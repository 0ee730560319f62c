package insitu.boards.conformance;

import static insitu.boards.conformance.WireTamper.*;

import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import insitu.boards.PulseKind;
import insitu.boards.protocol.Frame;
import insitu.boards.protocol.FrameType;
import insitu.boards.protocol.Message.GapsRequest;
import insitu.boards.protocol.Message.GapsResponse;
import insitu.boards.protocol.Message.Info;
import insitu.boards.protocol.Message.ReadRequest;
import insitu.boards.protocol.Message.ReadResponse;
import insitu.boards.protocol.Message.ReceiveState;
import insitu.boards.protocol.Message.SafeStateRequest;
import insitu.boards.protocol.Message.StatusRequest;
import insitu.boards.protocol.Message.StatusResponse;
import insitu.boards.protocol.MessageCodec;
import insitu.boards.protocol.Opcode;
import insitu.boards.serial.FrameCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Frames on the wire: INFO, COBS/CRC, resynchronization, what is dropped without a word, the frame size limit. */
final class FramingChecks {
  /** Sequence number STATUS is asked about when the suite wants no cached answer resent: never used for a request. */
  static final int NO_SEQ = Frame.SEQ_UNKNOWN;
  private static final int GARBAGE_BYTES = 300;

  private FramingChecks() {}

  static String helloInfo(BoardUnderTest b) {
    FrameLink link = b.link();
    Frame hello = Frame.single(FrameType.REQUEST, link.takeSeq(), 0, Opcode.HELLO, new byte[0]);
    Reply r = link.exchange(List.of(hello));
    Info info = r.expect(Info.class, "HELLO in epoch 0");
    if (r.ack() == null) throw new CheckFailure("HELLO was answered without an ACK");
    for (Frame f : r.frames()) {
      if (f.epoch() == 0) throw new CheckFailure("a " + f.type() + " frame carries epoch 0 (the board draws a non-zero epoch at boot)");
      if (f.replyPartBytes() != 0) throw new CheckFailure("a " + f.type() + " frame has flags 0x" + Integer.toHexString(f.flags()) + " (board frames have 0)");
    }
    BoardSpec s = info.spec();
    List<String> bad = new ArrayList<>();
    if (info.maxPayloadBytes() < Frame.MIN_PART_BYTES) bad.add("maxPayloadBytes " + info.maxPayloadBytes() + " < 64");
    if (info.maxRequestBytes() < info.maxPayloadBytes()) bad.add("maxRequestBytes " + info.maxRequestBytes() + " < maxPayloadBytes");
    if (s.name().isEmpty()) bad.add("empty name");
    if (!(s.minSiemens() >= 0)) bad.add("minSiemens " + s.minSiemens() + " < 0");
    if (!(s.maxSetVolts() > 0 && s.maxResetVolts() > 0 && s.maxGateVolts() > 0)) bad.add("a pulse voltage limit is not positive");
    if (s.adcBits() > 0 && !(s.fullScaleAmps() > 0)) bad.add("an ADC without a positive full scale");
    bad.addAll(defectsOutside(s));
    if (!bad.isEmpty()) throw new CheckFailure("INFO is not usable: " + String.join("; ", bad));
    if (link.damagedFramesReceived() > 0) throw new CheckFailure(link.damagedFramesReceived() + " frames from the board failed their CRC or framing");
    if (link.undecodableEvents() > 0) throw new CheckFailure(link.undecodableEvents() + " events from the board did not decode");
    return String.format("INFO '%s': %d array(s) of %dx%d, G %.4g-%.4g µS, read %.3g V, ADC %s, frames <= %d B, requests <= %d B, "
        + "boot %d, epoch 0x%08x", s.name(), s.arrays(), s.rows(), s.cols(), s.minSiemens() * 1e6, s.maxSiemens() * 1e6, s.readVolts(),
        s.adcBits() == 0 ? "exact" : s.adcBits() + " bits", info.maxPayloadBytes(), info.maxRequestBytes(), info.bootCount(),
        r.frames().get(0).epoch());
  }

  private static List<String> defectsOutside(BoardSpec s) {
    List<String> bad = new ArrayList<>();
    DefectMap d = s.defects();
    for (long k : d.badRows()) if ((k >>> 32) >= s.arrays() || (int) k >= s.rows()) bad.add("bad row " + (k >>> 32) + ":" + (int) k + " outside the board");
    for (long k : d.badCols()) if ((k >>> 32) >= s.arrays() || (int) k >= s.cols()) bad.add("bad column " + (k >>> 32) + ":" + (int) k + " outside the board");
    for (long k : d.badCells()) {
      long array = k >>> 40, row = (k >>> 20) & 0xFFFFF, col = k & 0xFFFFF;
      if (array >= s.arrays() || row >= s.rows() || col >= s.cols()) bad.add("bad cell " + array + ":" + row + ":" + col + " outside the board");
    }
    return bad;
  }

  static String resyncAfterGarbage(BoardUnderTest b) {
    FrameLink link = b.link();
    SplittableRandom random = new SplittableRandom(GARBAGE_BYTES);
    byte[] garbage = new byte[GARBAGE_BYTES];
    for (int i = 0; i < garbage.length; i++) garbage[i] = (byte) (1 + random.nextInt(255));
    link.sendWire(garbage);
    expectStatus(link, "after " + GARBAGE_BYTES + " bytes of garbage");
    link.sendWire(new byte[] {0, 0, 0, 0});
    expectStatus(link, "after a run of delimiters");
    byte[] half = FrameCodec.encode(link.frame(new StatusRequest(NO_SEQ, 0)));
    link.sendWire(java.util.Arrays.copyOf(half, half.length / 2));
    expectStatus(link, "after half a frame");
    return "STATUS answered after " + GARBAGE_BYTES + " garbage bytes, a run of delimiters and half a frame";
  }


  private static void expectStatus(FrameLink link, String when) {
    Reply r = link.call(new StatusRequest(NO_SEQ, 0));
    r.expect(StatusResponse.class, "STATUS " + when);
  }

  static String badCrcDropped(BoardUnderTest b) {
    FrameLink link = b.link();
    Frame safe = link.frame(new SafeStateRequest());
    link.sendWire(withBadCrc(safe));
    List<Frame> got = link.listen(b.options().ackTimeoutMillis());
    if (!got.isEmpty()) throw new CheckFailure("a SAFE_STATE frame with a wrong CRC was answered: " + got.get(0));
    Cell c = b.pulseCells().get(0);
    Reply read = link.call(new ReadRequest(c.array(), new int[] {c.row()}, new int[] {c.col()}));
    if (read.nak() != null) throw new CheckFailure("after a SAFE_STATE frame with a wrong CRC, READ was refused with " + Reply.describe(read.nak())
        + ": the frame took effect");
    read.expect(ReadResponse.class, "READ after a frame with a wrong CRC");
    GapsResponse g = link.call(new GapsRequest(safe.seq())).expect(GapsResponse.class, "GAPS of the damaged frame");
    if (g.state() != ReceiveState.NONE) throw new CheckFailure("GAPS of the damaged SAFE_STATE (seq " + safe.seq() + ") says " + g.state() + ", expected NONE");
    return "a SAFE_STATE with one CRC bit flipped got no reply within " + b.options().ackTimeoutMillis() + " ms, the board stayed armed, GAPS says NONE";
  }

  static String badCrcPulse(BoardUnderTest b) {
    List<Cell> cell = b.pulseCells().subList(0, 1);
    b.pulse(PulseKind.RESET, cell);
    double before = b.readCells(cell)[0];
    Frame set = b.link().frame(b.pulseRequest(PulseKind.SET, cell, b.spec().maxGateVolts()));
    b.link().sendWire(withBadCrc(set));
    List<Frame> got = b.link().listen(b.options().ackTimeoutMillis());
    if (!got.isEmpty()) throw new CheckFailure("a PULSE frame with a wrong CRC was answered: " + got.get(0));
    double after = b.readCells(cell)[0];
    if (Math.abs(after - before) > Tolerances.effect(b.spec()))
      throw new CheckFailure(String.format("a SET PULSE with a wrong CRC was applied: cell %s went from %.4g to %.4g µS", cell.get(0), before * 1e6,
          after * 1e6));
    return String.format("a SET PULSE with a wrong CRC got no reply; cell %s stayed at %.4g µS", cell.get(0), after * 1e6);
  }

  static String malformed(BoardUnderTest b) {
    FrameLink link = b.link();
    Map<String, byte[]> variants = new LinkedHashMap<>();
    variants.put("protocol version 2", wire(rechecked(tampered(link, VERSION_AT, 2))));
    variants.put("frame type 9", wire(rechecked(tampered(link, TYPE_AT, 9))));
    variants.put("a RESPONSE frame from the host", FrameCodec.encode(Frame.single(FrameType.RESPONSE, link.takeSeq(), link.epoch(), Opcode.STATUS,
        MessageCodec.encode(new StatusRequest(NO_SEQ, 0)))));
    byte[] raw = raw(link.frame(new StatusRequest(NO_SEQ, 0)));
    int length = raw.length - Frame.HEADER_BYTES - Frame.CRC_BYTES;
    variants.put("a length field one too large", wire(rechecked(putU16(raw.clone(), LENGTH_AT, length + 1))));
    variants.put("reserved flag bit 0", wire(rechecked(tampered(link, FLAGS_AT, 0x01))));
    variants.put("reply part code 11", wire(rechecked(tampered(link, FLAGS_AT, 0xB0))));
    variants.put("offset + length beyond total", wire(rechecked(putU32(raw(link.frame(new StatusRequest(NO_SEQ, 0))), TOTAL_AT, length - 1))));
    variants.put("a block shorter than a header", wire(rechecked(java.util.Arrays.copyOf(raw(link.frame(new StatusRequest(NO_SEQ, 0))), 16))));
    variants.put("invalid COBS", new byte[] {0, 0x09, 0x01, 0x02, 0});
    for (Map.Entry<String, byte[]> v : variants.entrySet()) {
      link.sendWire(v.getValue());
      List<Frame> got = link.listen(b.options().ackTimeoutMillis());
      if (!got.isEmpty()) throw new CheckFailure("a frame with " + v.getKey() + " was answered: " + got.get(0));
    }
    expectStatus(link, "after the malformed frames");
    return variants.size() + " malformed frames (" + String.join(", ", variants.keySet()) + ") got no reply; STATUS answered after them";
  }

  /** A fresh STATUS frame with one header byte set to {@code value}. */
  private static byte[] tampered(FrameLink link, int at, int value) {
    byte[] raw = raw(link.frame(new StatusRequest(NO_SEQ, 0)));
    raw[at] = (byte) (at == FLAGS_AT ? raw[at] | value : value);
    return raw;
  }

  static String maxFrameSize(BoardUnderTest b) {
    FrameLink link = b.link();
    int max = b.info().maxPayloadBytes();
    // A READ payload is 6 bytes plus 2 per row and column entry: fill the frame with repeated rows.
    int entries = (max - 6) / 2, rows = entries - 1;
    int[] cols = {b.plan().cols()[0]};
    ReadRequest exact = new ReadRequest(b.plan().array(), b.plan().cyclingRows(rows), cols);
    byte[] payload = MessageCodec.encode(exact);
    Reply r = link.exchange(List.of(Frame.single(FrameType.REQUEST, link.takeSeq(), link.epoch(), Opcode.READ, payload)));
    ReadResponse read = r.expect(ReadResponse.class, "READ in one frame of " + payload.length + " bytes");
    if (read.siemens().length != rows) throw new CheckFailure("READ of " + rows + " cells returned " + read.siemens().length + " values");
    String detail = "a " + payload.length + "-byte request frame was served (" + rows + " values in " + r.frames().size() + " frames)";
    int over = max + Frame.MIN_PART_BYTES;
    if (over > Frame.MAX_PAYLOAD_BYTES) return detail + "; INFO allows the largest frame there is, so none can be too large";
    ReadRequest tooBig = new ReadRequest(b.plan().array(), b.plan().cyclingRows((over - 6) / 2 - 1), cols);
    Frame big = Frame.single(FrameType.REQUEST, link.takeSeq(), link.epoch(), Opcode.READ, MessageCodec.encode(tooBig));
    link.send(big);
    List<Frame> got = link.listen(b.options().ackTimeoutMillis());
    if (!got.isEmpty()) throw new CheckFailure("a " + big.payload().length + "-byte frame, over INFO's " + max + ", was answered: " + got.get(0));
    expectStatus(link, "after an oversized frame");
    return detail + "; a " + big.payload().length + "-byte one got no reply and the next frame was answered";
  }
}
