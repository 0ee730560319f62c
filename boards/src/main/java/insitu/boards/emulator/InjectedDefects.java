package insitu.boards.emulator;

import insitu.boards.protocol.Message.Nak;
import insitu.boards.protocol.NakCode;
import insitu.boards.protocol.ParamId;
import insitu.boards.serial.FrameDecoder;
import insitu.boards.serial.Ticker;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * The deliberate bugs of one emulator ({@link FirmwareDefect}), kept apart from the firmware's
 * logic: each method does what correct firmware does unless its defect is switched on.
 */
final class InjectedDefects {
  private final Set<FirmwareDefect> on = EnumSet.noneOf(FirmwareDefect.class);
  private final int maxPayloadBytes;
  private CrcIgnoringInput crcIgnoring;
  private double[] lastRead;

  InjectedDefects(int maxPayloadBytes) {
    this.maxPayloadBytes = maxPayloadBytes;
  }

  void add(Collection<FirmwareDefect> defects) {
    on.addAll(defects);
    if (on.contains(FirmwareDefect.BAD_CRC) && crcIgnoring == null) crcIgnoring = new CrcIgnoringInput(maxPayloadBytes);
  }

  boolean has(FirmwareDefect d) { return on.contains(d); }

  /** Feeds received bytes to the decoder; {@code bad-crc} first makes every frame's CRC match. */
  void feed(FrameDecoder decoder, byte[] buf, int off, int len, FrameDecoder.Listener listener) {
    if (crcIgnoring == null) {
      decoder.feed(buf, off, len, listener);
      return;
    }
    byte[] repaired = crcIgnoring.filter(buf, off, len);
    decoder.feed(repaired, 0, repaired.length, listener);
  }

  /** The journal PULSE slices are checked against; {@code no-dedupe} checks against an empty one. */
  CommandJournal journal(CommandJournal real) {
    return on.contains(FirmwareDefect.NO_DEDUPE) ? new CommandJournal(1) : real;
  }

  /** Before a command runs; {@code slow} holds it back well past its estimate. */
  void beforeExecuting(Ticker ticker) {
    if (on.contains(FirmwareDefect.SLOW)) ticker.sleepMillis(FirmwareDefect.SLOW_MILLIS);
  }

  /** The values a READ answers; {@code stale-read} answers the previous READ's of the same size. */
  double[] read(double[] fresh) {
    if (!on.contains(FirmwareDefect.STALE_READ)) return fresh;
    double[] answer = lastRead != null && lastRead.length == fresh.length ? lastRead : fresh;
    lastRead = fresh;
    return answer;
  }

  /** The currents MVM_PATCHES answers; {@code drop-mvm-patches} zeroes the last patch of every sample. */
  void patches(double[] out, int samples, int patchesPerSample, int cols) {
    if (!on.contains(FirmwareDefect.DROP_MVM_PATCHES)) return;
    for (int s = 1; s <= samples; s++) Arrays.fill(out, (s * patchesPerSample - 1) * cols, s * patchesPerSample * cols, 0);
  }

  /** The refusal sent; {@code wrong-nak} turns a parameter refusal into a nameless BAD_LENGTH. */
  Nak nak(Nak n) {
    if (!on.contains(FirmwareDefect.WRONG_NAK) || n.code() != NakCode.PARAM_OUT_OF_LIMITS) return n;
    return new Nak(n.refused(), NakCode.BAD_LENGTH, ParamId.NONE, 0, 0, 0);
  }
}
