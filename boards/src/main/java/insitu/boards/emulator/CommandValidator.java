package insitu.boards.emulator;

import insitu.boards.BoardSpec;
import insitu.boards.PulseKind;
import insitu.boards.protocol.Frame;
import insitu.boards.protocol.Message;
import insitu.boards.protocol.Message.*;
import insitu.boards.protocol.NakCode;
import insitu.boards.protocol.ParamId;

/**
 * Checks a decoded request against the board's announced limits, the way firmware must before it
 * touches a line. Returns the NAK to send, or null when the command may run.
 */
final class CommandValidator {
  /** Smallest frame payload a host may configure: must hold any fixed-size reply. */
  static final int MIN_PAYLOAD_BYTES = 64;
  /** One hour: longer watchdogs are surely a unit mistake. */
  static final long MAX_WATCHDOG_MILLIS = 3_600_000;
  /** Same tolerance as the simulated board: a voltage scaled to exactly readVolts must pass. */
  private static final double READ_VOLTS_TOLERANCE = 1e-9;
  /** Voltages one MVM_PATCHES request may unfold to (board RAM); the host splits its samples to stay below. */
  static final long MAX_UNFOLDED_VOLTS = Frame.MAX_UNFOLDED_VOLTS;

  private final BoardSpec spec;
  private final int maxPayloadBytes;
  private final long maxResponseValues;

  /** @param maxResponseBytes largest reply the board can produce (and cache for duplicates) */
  CommandValidator(BoardSpec spec, int maxPayloadBytes, long maxResponseBytes) {
    this.spec = spec;
    this.maxPayloadBytes = maxPayloadBytes;
    this.maxResponseValues = maxResponseBytes / Double.BYTES;
  }

  Nak check(Message m, CommandJournal journal) {
    if (m instanceof ConfigRequest c) {
      if (c.maxPayloadBytes() < MIN_PAYLOAD_BYTES || c.maxPayloadBytes() > maxPayloadBytes)
        return param(m, ParamId.PAYLOAD_BYTES, 0, c.maxPayloadBytes(), maxPayloadBytes);
      if (c.watchdogMillis() > MAX_WATCHDOG_MILLIS) return param(m, ParamId.WATCHDOG_MS, 0, c.watchdogMillis(), MAX_WATCHDOG_MILLIS);
    } else if (m instanceof ReadRequest r) {
      long cells = (long) r.rows().length * r.cols().length;
      if (cells > maxResponseValues) return param(m, ParamId.COUNT, 0, cells, maxResponseValues);
      return region(m, r.array(), r.rows(), r.cols());
    } else if (m instanceof MvmRequest r) {
      Nak n = region(m, r.array(), r.rows(), r.cols());
      if (n != null) return n;
      long values = (long) r.batch() * r.cols().length;
      if (values > maxResponseValues) return param(m, ParamId.BATCH, 0, r.batch(), maxResponseValues / r.cols().length);
      double vmax = spec.readVolts() * (1 + READ_VOLTS_TOLERANCE);
      double[] v = r.rowVolts();
      for (int k = 0; k < v.length; k++)
        if (!(Math.abs(v[k]) <= vmax)) return param(m, ParamId.ROW_VOLTS, k, v[k], spec.readVolts());
    } else if (m instanceof MvmDifferentialRequest r) {
      Nak n = pairedRegion(m, r.array(), r.rows(), r.cols());
      if (n != null) return n;
      long values = (long) r.batch() * r.cols().length;
      if (values > maxResponseValues) return param(m, ParamId.BATCH, 0, r.batch(), maxResponseValues / r.cols().length);
      return volts(m, r.pairVolts());
    } else if (m instanceof MvmPatchesRequest r) {
      Nak n = pairedRegion(m, r.array(), r.rows(), r.cols());
      if (n != null) return n;
      int pairs = r.rows().length / 2, k = r.geometry().patchSize();
      if (pairs % k != 0) return param(m, ParamId.ROW, 0, r.rows().length, 2L * k * Math.max(1, pairs / k));
      long vectors = (long) r.samples() * r.geometry().patchesPerSample();
      if (vectors * r.cols().length > maxResponseValues) return param(m, ParamId.BATCH, 0, vectors, maxResponseValues / r.cols().length);
      if (vectors * pairs > MAX_UNFOLDED_VOLTS) return param(m, ParamId.BATCH, 0, vectors, MAX_UNFOLDED_VOLTS / pairs);
      // The board computes the voltages itself; they must pass the same check as sent ones (NaN in a patch does not).
      double[] v = new double[(int) vectors * pairs];
      r.geometry().pairVolts(r.maps(), 0, r.samples(), spec.readVolts(), pairs / k, v, 0, new double[r.geometry().scratchSize()]);
      return volts(m, v);
    } else if (m instanceof PulseRequest p) {
      return pulse(p, journal);
    }
    return null;
  }

  private Nak pairedRegion(Message m, int array, int[] rows, int[] cols) {
    Nak n = region(m, array, rows, cols);
    if (n != null) return n;
    if ((rows.length & 1) != 0) return param(m, ParamId.ROW, 0, rows.length, rows.length + 1);
    return null;
  }

  private Nak volts(Message m, double[] v) {
    double vmax = spec.readVolts() * (1 + READ_VOLTS_TOLERANCE);
    for (int k = 0; k < v.length; k++)
      if (!(Math.abs(v[k]) <= vmax)) return param(m, ParamId.ROW_VOLTS, k, v[k], spec.readVolts());
    return null;
  }

  private Nak pulse(PulseRequest p, CommandJournal journal) {
    if (p.commandId() == 0) return param(p, ParamId.COMMAND_ID, 0, 0, 1);
    if (p.array() >= spec.arrays()) return param(p, ParamId.ARRAY, 0, p.array(), spec.arrays() - 1);
    double maxAmp = p.kind() == PulseKind.SET ? spec.maxSetVolts() : spec.maxResetVolts();
    if (!(p.amplitudeVolts() >= 0 && p.amplitudeVolts() <= maxAmp)) return param(p, ParamId.AMPLITUDE_VOLTS, 0, p.amplitudeVolts(), maxAmp);
    int n = p.rows().length;
    // The journal makes re-application impossible: a slice must start exactly where the last one ended.
    long applied = journal.applied(p.commandId());
    if (p.firstCell() != applied) return param(p, ParamId.FIRST_CELL, 0, p.firstCell(), applied);
    if (p.firstCell() + n > p.totalCells()) return param(p, ParamId.COUNT, 0, p.firstCell() + n, p.totalCells());
    for (int k = 0; k < n; k++) {
      if (p.rows()[k] >= spec.rows()) return param(p, ParamId.ROW, k, p.rows()[k], spec.rows() - 1);
      if (p.cols()[k] >= spec.cols()) return param(p, ParamId.COL, k, p.cols()[k], spec.cols() - 1);
      double g = p.gateVolts()[k];
      if (!(g >= 0 && g <= spec.maxGateVolts())) return param(p, ParamId.GATE_VOLTS, k, g, spec.maxGateVolts());
    }
    return null;
  }

  private Nak region(Message m, int array, int[] rows, int[] cols) {
    if (array >= spec.arrays()) return param(m, ParamId.ARRAY, 0, array, spec.arrays() - 1);
    if (rows.length == 0) return param(m, ParamId.ROW, 0, 0, 1);
    if (cols.length == 0) return param(m, ParamId.COL, 0, 0, 1);
    for (int i = 0; i < rows.length; i++) if (rows[i] >= spec.rows()) return param(m, ParamId.ROW, i, rows[i], spec.rows() - 1);
    for (int j = 0; j < cols.length; j++) if (cols[j] >= spec.cols()) return param(m, ParamId.COL, j, cols[j], spec.cols() - 1);
    return null;
  }

  private static Nak param(Message m, ParamId p, long index, double value, double limit) {
    return new Nak(m.opcode(), NakCode.PARAM_OUT_OF_LIMITS, p, index, value, limit);
  }
}
