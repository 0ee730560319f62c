package insitu.boards.emulator;

import insitu.boards.BoardSpec;
import insitu.boards.PulseBatch;
import insitu.boards.Region;
import insitu.boards.drive.FeatureMaps;
import insitu.boards.drive.PairVolts;
import insitu.boards.drive.RowVolts;
import insitu.boards.protocol.Message;
import insitu.boards.protocol.Message.*;
import insitu.boards.sim.SimulatedBoard;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The emulated firmware's device side: runs validated device commands (READ, the MVMs, PULSE,
 * SELF_TEST) on the simulated board, journals every pulse slice in "non-volatile" memory, and
 * estimates how long a command takes (the figure its ACK carries).
 */
final class EmulatedDevice {
  // Duration model of the estimate in the ACK: command overhead plus per-cell and per-vector costs.
  private static final long OVERHEAD_MICROS = 200, PULSE_MICROS_PER_CELL = 10, READ_MICROS_PER_CELL = 1, MVM_MICROS_PER_VECTOR = 40;

  private final SimulatedBoard board;
  private final CommandJournal journal;
  private final Map<Long, Long> cellsAppliedById = new HashMap<>();
  private final InjectedDefects bugs;

  EmulatedDevice(SimulatedBoard board, CommandJournal journal, InjectedDefects bugs) {
    this.board = board;
    this.journal = journal;
    this.bugs = bugs;
  }

  SimulatedBoard board() {
    return board;
  }

  /** Whether the request touches the devices (refused in SAFE_STATE, subject to hangs and resets). */
  static boolean touchesDevices(Message m) {
    return m instanceof ReadRequest || m instanceof PulseRequest || m instanceof MvmRequest || m instanceof MvmDifferentialRequest
        || m instanceof MvmPatchesRequest;
  }

  /** Runs a device command or SELF_TEST. */
  Message execute(Message m) {
    if (m instanceof SelfTestRequest) return selfTest();
    if (m instanceof ReadRequest r) {
      Region region = new Region(r.array(), r.rows(), r.cols());
      double[] out = new double[region.cellCount()];
      board.read(region, out);
      return new ReadResponse(bugs.read(out));
    }
    if (m instanceof MvmRequest r) {
      Region region = new Region(r.array(), r.rows(), r.cols());
      double[] out = new double[r.batch() * region.colCount()];
      board.mvm(region, new RowVolts(r.rowVolts(), r.batch()), out);
      return new MvmResponse(out);
    }
    if (m instanceof MvmDifferentialRequest r) {
      Region region = new Region(r.array(), r.rows(), r.cols());
      double[] out = new double[r.batch() * region.colCount()];
      board.mvm(region, new PairVolts(r.pairVolts(), r.batch()), out);
      return new MvmResponse(out);
    }
    if (m instanceof MvmPatchesRequest r) {
      Region region = new Region(r.array(), r.rows(), r.cols());
      double[] out = new double[r.samples() * r.geometry().patchesPerSample() * region.colCount()];
      board.mvm(region, new FeatureMaps(r.geometry(), r.maps(), r.samples()), out);
      bugs.patches(out, r.samples(), r.geometry().patchesPerSample(), region.colCount());
      return new MvmResponse(out);
    }
    PulseRequest p = (PulseRequest) m;
    return applyPulses(p, p.rows().length);
  }

  /** Applies the first {@code count} cells of a slice and journals the new prefix length. */
  PulseResponse applyPulses(PulseRequest p, int count) {
    if (count > 0) {
      board.pulse(new PulseBatch(p.array(), p.kind(), p.amplitudeVolts(), Arrays.copyOf(p.rows(), count),
          Arrays.copyOf(p.cols(), count), Arrays.copyOf(p.gateVolts(), count)));
    }
    long applied = p.firstCell() + count;
    journal.record(p.commandId(), p.totalCells(), applied);
    cellsAppliedById.merge(p.commandId(), (long) count, Long::sum);
    return new PulseResponse(p.commandId(), applied);
  }

  /**
   * A real firmware finds a cell that no longer switches by nudging it and reading it back; the
   * emulator knows it from the device model's state (stuck, dead or worn out). The simulator keeps
   * every conductance inside the window, so the window alone would never find a failure.
   */
  private SelfTestResponse selfTest() {
    BoardSpec spec = board.spec();
    long failed = 0, checked = 0;
    for (int a = 0; a < spec.arrays(); a++) {
      double[] g = board.trueConductances(a);
      for (int k = 0; k < g.length; k++) {
        checked++;
        boolean inWindow = g[k] >= spec.minSiemens() && g[k] <= spec.maxSiemens();
        if (!inWindow || board.isStuck(a, k / spec.cols(), k % spec.cols())) failed++;
      }
    }
    return new SelfTestResponse(checked, failed);
  }

  long estimateMicros(Message m) {
    long work = 0;
    if (m instanceof PulseRequest p) work = PULSE_MICROS_PER_CELL * p.rows().length;
    else if (m instanceof ReadRequest r) work = READ_MICROS_PER_CELL * (long) r.rows().length * r.cols().length;
    else if (m instanceof MvmRequest r) work = MVM_MICROS_PER_VECTOR * (long) r.batch();
    else if (m instanceof MvmDifferentialRequest r) work = MVM_MICROS_PER_VECTOR * (long) r.batch();
    else if (m instanceof MvmPatchesRequest r) work = MVM_MICROS_PER_VECTOR * (long) r.samples() * r.geometry().patchesPerSample();
    return Math.min(0xFFFF_FFFFL, OVERHEAD_MICROS + work);
  }

  /** Cells applied per PULSE command id, all slices and interrupted attempts together. */
  Map<Long, Long> cellsAppliedById() {
    return Map.copyOf(cellsAppliedById);
  }
}
