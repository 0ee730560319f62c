package insitu.boards.conformance;

import static insitu.boards.conformance.FramingChecks.NO_SEQ;

import insitu.boards.PulseKind;
import insitu.boards.protocol.BlockMap;
import insitu.boards.protocol.Frame;
import insitu.boards.protocol.Message.BoardState;
import insitu.boards.protocol.Message.BootEvent;
import insitu.boards.protocol.Message.FetchRequest;
import insitu.boards.protocol.Message.GapsRequest;
import insitu.boards.protocol.Message.GapsResponse;
import insitu.boards.protocol.Message.Hello;
import insitu.boards.protocol.Message.Info;
import insitu.boards.protocol.Message.PulseRequest;
import insitu.boards.protocol.Message.ReadRequest;
import insitu.boards.protocol.Message.ReadResponse;
import insitu.boards.protocol.Message.ReceiveState;
import insitu.boards.protocol.Message.StatusRequest;
import insitu.boards.protocol.Message.StatusResponse;
import insitu.boards.protocol.NakCode;
import java.util.List;

/**
 * What a reset (the RESET line) must change and what it must not: a BOOT event with a new epoch,
 * SAFE_STATE, requests of the old epoch refused, the response cache gone; devices and the pulse
 * journal kept.
 */
final class ResetChecks {
  private ResetChecks() {}

  /** Pulses RESET and waits for the BOOT event; adopts its epoch. */
  private static BootEvent reset(BoardUnderTest b) {
    FrameLink link = b.link();
    int seen = link.boots().size();
    b.resetLine().orElseThrow().pulse();
    BootEvent boot = link.awaitBoot(seen, b.options().bootWaitMillis());
    if (boot == null) throw new CheckFailure("no BOOT event within " + b.options().bootWaitMillis() + " ms after RESET");
    link.epoch(boot.epoch());
    return boot;
  }

  static String bootEvent(BoardUnderTest b) {
    long oldEpoch = b.link().epoch(), oldBoots = b.info().bootCount();
    int seen = b.link().boots().size();
    BootEvent boot = reset(b);
    if (boot.epoch() == 0 || boot.epoch() == oldEpoch)
      throw new CheckFailure(String.format("the BOOT event carries epoch 0x%08x (before the reset 0x%08x): the epoch must be new and non-zero",
          boot.epoch(), oldEpoch));
    if (boot.bootCount() != oldBoots + 1) throw new CheckFailure("the BOOT event counts boot " + boot.bootCount() + ", INFO said " + oldBoots
        + " before the reset");
    Reply hello = b.call(new Hello());
    Info info = hello.expect(Info.class, "HELLO after RESET");
    long epoch = hello.frames().get(0).epoch();
    if (epoch != boot.epoch() || info.bootCount() != boot.bootCount())
      throw new CheckFailure(String.format("after the BOOT event (epoch 0x%08x, boot %d) INFO comes with epoch 0x%08x, boot %d", boot.epoch(), boot.bootCount(),
          epoch, info.bootCount()));
    if (b.link().boots().size() != seen + 1) throw new CheckFailure("one RESET produced " + (b.link().boots().size() - seen) + " BOOT events");
    return String.format("BOOT event: epoch 0x%08x -> 0x%08x, boot %d -> %d, reason %s; INFO agrees", oldEpoch, boot.epoch(), oldBoots, boot.bootCount(),
        boot.reason());
  }

  static String bootsSafe(BoardUnderTest b) {
    reset(b);
    Cell c = b.pulseCells().get(0);
    ReadRequest read = new ReadRequest(c.array(), new int[] {c.row()}, new int[] {c.col()});
    b.call(read).expectNak(NakCode.SAFE_STATE, null, "READ right after RESET");
    StatusResponse s = b.call(new StatusRequest(NO_SEQ, 0)).expect(StatusResponse.class, "STATUS after RESET");
    if (s.boardState() != BoardState.SAFE) throw new CheckFailure("STATUS right after RESET says " + s.boardState() + ", not SAFE");
    b.arm();
    b.call(read).expect(ReadResponse.class, "READ after RESET and CONFIG");
    return "after RESET: READ refused SAFE_STATE, STATUS SAFE; after CONFIG the READ is served";
  }

  static String oldEpoch(BoardUnderTest b) {
    FrameLink link = b.link();
    List<Cell> cell = b.pulseCells().subList(0, 1);
    b.pulse(PulseKind.RESET, cell);
    double low = b.readCells(cell)[0];
    List<Frame> read = link.frames(new ReadRequest(b.plan().array(), b.plan().productRows(), b.plan().productCols()), 0);
    Reply before = link.exchange(read);
    before.expect(ReadResponse.class, "READ before RESET");
    PulseRequest set = b.pulseRequest(PulseKind.SET, cell, b.spec().maxGateVolts());
    List<Frame> oldPulse = link.frames(set, 0); // built in the old epoch, sent after the reset
    reset(b);
    b.arm();
    link.exchange(read).expectNak(NakCode.STALE_EPOCH, null, "the READ of the old epoch resent after RESET");
    link.exchange(oldPulse).expectNak(NakCode.STALE_EPOCH, null, "a PULSE of the old epoch after RESET");
    double after = b.readCells(cell)[0];
    if (after - low > Tolerances.effect(b.spec()))
      throw new CheckFailure(String.format("a PULSE of the old epoch was applied after RESET: %s went from %.4g to %.4g µS", cell.get(0), low * 1e6,
          after * 1e6));
    GapsResponse g = b.call(new GapsRequest(before.seq())).expect(GapsResponse.class, "GAPS of a request before RESET");
    if (g.state() != ReceiveState.NONE) throw new CheckFailure("GAPS of the READ answered before RESET says " + g.state() + ": the cache survived the reset");
    b.call(new FetchRequest(before.seq(), BlockMap.whole())).expectNak(NakCode.BAD_SEQUENCE, null, "FETCH of a reply from before RESET");
    link.takeStrays();
    return "after RESET: old-epoch READ and PULSE refused STALE_EPOCH, " + cell.get(0) + " unchanged; GAPS NONE and FETCH BAD_SEQUENCE for seq " + before.seq();
  }

  static String keeps(BoardUnderTest b) {
    List<Cell> cells = b.pulseCells();
    b.pulse(PulseKind.RESET, cells);
    PulseRequest set = b.pulseRequest(PulseKind.SET, cells.subList(0, 1), b.spec().maxGateVolts());
    b.pulse(set);
    double[] before = b.readCells(cells);
    reset(b);
    b.arm();
    double[] after = b.readCells(cells);
    for (int i = 0; i < cells.size(); i++)
      if (Math.abs(after[i] - before[i]) > Tolerances.effect(b.spec()))
        throw new CheckFailure(String.format("RESET changed %s from %.4g to %.4g µS: devices must keep their state", cells.get(i), before[i] * 1e6,
            after[i] * 1e6));
    StatusResponse s = b.call(new StatusRequest(NO_SEQ, set.commandId())).expect(StatusResponse.class, "STATUS of the PULSE before RESET");
    if (!s.journalFound() || s.appliedCells() != 1 || s.totalCells() != 1)
      throw new CheckFailure("after RESET the journal says found=" + s.journalFound() + ", " + s.appliedCells() + " of " + s.totalCells()
          + " applied for command " + set.commandId() + " (1 of 1 was applied)");
    Info info = b.call(new Hello()).expect(Info.class, "HELLO after RESET");
    if (info.lastCommandId() < set.commandId()) throw new CheckFailure("after RESET INFO's lastCommandId is " + info.lastCommandId() + ", below "
        + set.commandId());
    return "after RESET: " + cells.size() + " cells read as before, STATUS finds command " + set.commandId() + " with 1 of 1 applied, lastCommandId "
        + info.lastCommandId();
  }
}
