package insitu.runtime.calibrate;

import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import insitu.compiler.mapping.StuckDevices;
import insitu.compiler.mapping.TargetCalibration;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.program.WriteVerifyOptions;
import java.util.List;

/**
 * What a self-test measured about one board, and the mapping and programming choices derived from
 * it. Everything the jobs need to treat an unknown device like a known one: the SET response (so
 * gate voltages mean conductances), the conductance window (so weights fit), the noise (so the
 * write-verify window is not tighter than a read can resolve) and the defects (so the compiler
 * and the programmer can work around them).
 *
 * @param board the board's spec name when measured
 * @param seconds wall time the self-test took
 * @param pulses pulses the self-test spent
 * @param slopeSiemensPerVolt fitted dG/dVg of one SET after a RESET
 * @param offsetSiemens fitted G at Vg = 0 (extrapolated)
 * @param fitRmsSiemens rms residual of the fit over its linear region (write spread included)
 * @param minGateVolts lowest gate of the fitted linear region
 * @param maxGateVolts highest gate of the fitted linear region
 * @param setVolts SET amplitude chosen
 * @param resetVolts RESET amplitude chosen
 * @param resetGateVolts gate voltage during RESET
 * @param windowLowSiemens median conductance after RESET (window bottom)
 * @param windowHighSiemens median conductance at the top of the gate sweep (window top)
 * @param readNoiseRelative σ of repeated reads relative to G
 * @param readNoiseSiemens σ of repeated reads near the window centre, absolute
 * @param writeSpreadSiemens σ of where the same SET lands, cell to cell and pulse to pulse
 * @param maxWeight largest |w| the derived mapping keeps inside the window
 * @param siemensPerWeight derived conductance difference per unit weight
 * @param centerSiemens derived conductance of weight 0 (both devices)
 * @param toleranceSiemens derived write-verify half-window
 * @param cellsTested cells of the full-array stuck scan
 * @param stuckCells unresponsive cells outside bad lines, with the conductance they are stuck at
 * @param badRows rows ({array,row}) where most cells failed
 * @param badCols columns ({array,col}) where most cells failed
 */
public record Calibration(String board, double seconds, long pulses,
                          double slopeSiemensPerVolt, double offsetSiemens, double fitRmsSiemens,
                          double minGateVolts, double maxGateVolts, double setVolts, double resetVolts, double resetGateVolts,
                          double windowLowSiemens, double windowHighSiemens,
                          double readNoiseRelative, double readNoiseSiemens, double writeSpreadSiemens,
                          double maxWeight, double siemensPerWeight, double centerSiemens, double toleranceSiemens,
                          int cellsTested, List<StuckCell> stuckCells, List<int[]> badRows, List<int[]> badCols) {

  /** A cell that did not respond to RESET or SET, and where it sits. */
  public record StuckCell(int array, int row, int col, double siemens) {}

  public Calibration {
    stuckCells = List.copyOf(stuckCells);
    badRows = List.copyOf(badRows);
    badCols = List.copyOf(badCols);
    if (!(slopeSiemensPerVolt > 0)) throw new IllegalArgumentException("calibration slope must be > 0 S/V, was " + slopeSiemensPerVolt);
    if (!(siemensPerWeight > 0)) throw new IllegalArgumentException("calibration siemensPerWeight must be > 0, was " + siemensPerWeight);
    if (!(toleranceSiemens > 0)) throw new IllegalArgumentException("calibration tolerance must be > 0, was " + toleranceSiemens);
  }

  /** The fitted SET response, for open-loop programming and the gate steps of in situ updates. */
  public GateResponse gateResponse() {
    return new GateResponse(slopeSiemensPerVolt, offsetSiemens, minGateVolts, maxGateVolts, setVolts, resetVolts, resetGateVolts);
  }

  /** Write-verify around {@link #centerSiemens} with the derived tolerance; caps as the defaults. */
  public WriteVerifyOptions writeVerifyOptions() {
    WriteVerifyOptions d = WriteVerifyOptions.defaults(centerSiemens);
    // "Did not move" must be judged against the read noise, or noisy reads hide stuck cells.
    double noResponse = Math.max(d.noResponseSiemens(), 2 * readNoiseSiemens);
    return new WriteVerifyOptions(centerSiemens, toleranceSiemens, 0, d.maxPulsesPerCell(), d.maxIterations(), d.correctionGain(),
        0.25 * (windowHighSiemens - windowLowSiemens), noResponse, d.stuckAfter(), d.readsPerVerify());
  }

  /**
   * Gate step per unit ΔW for the paper's two-pulse rule, scaled from the paper's 1.5 V (which it
   * pairs with 100 µS per weight and 181.8 µS/V) so that one unit of ΔW moves the conductances by
   * the same fraction of a weight on these devices as it did on the paper's.
   */
  public double voltsPerWeight() {
    double paperVoltsPerConductanceWeight = (100e-6 / (200e-6 / 1.1));
    return 1.5 * (siemensPerWeight / slopeSiemensPerVolt) / paperVoltsPerConductanceWeight;
  }

  /**
   * What this calibration tells the compiler about placing weights on the board: scale, stuck
   * cells, bad lines, copies (a compile target's calibration).
   */
  public TargetCalibration targetCalibration() {
    // One set each, not one copy per line: a calibration may list many lines.
    java.util.Set<Long> rows = new java.util.HashSet<>(), cols = new java.util.HashSet<>();
    for (int[] r : badRows) rows.add(DefectMap.lineKey(r[0], r[1]));
    for (int[] c : badCols) cols.add(DefectMap.lineKey(c[0], c[1]));
    DefectMap lines = new DefectMap(rows, cols, java.util.Set.of());
    return new TargetCalibration(board, siemensPerWeight, maxWeight, stuckDevices(), lines, TargetCalibration.DEFAULT_COPIES);
  }

  /** The bad lines and stuck cells found, as a board defect map. */
  public DefectMap defects() {
    return targetCalibration().defectsOver(DefectMap.none());
  }

  /** Stuck cells by {@link DefectMap#cellKey}, for the programmer's pair compensation. */
  public java.util.Map<Long, Double> stuckSiemensByCell() {
    java.util.Map<Long, Double> m = new java.util.HashMap<>();
    for (StuckCell s : stuckCells) m.put(DefectMap.cellKey(s.array(), s.row(), s.col()), s.siemens());
    return m;
  }

  /** The stuck cells with their conductances and the window, for stuck-aware placement and programming. */
  public StuckDevices stuckDevices() {
    return new StuckDevices(stuckSiemensByCell(), windowLowSiemens, windowHighSiemens);
  }

  /** Checks the calibration was taken on a board of this geometry (defect coordinates must mean the same cells). */
  public void checkFits(BoardSpec spec) {
    targetCalibration().checkFits(spec);
  }
}
