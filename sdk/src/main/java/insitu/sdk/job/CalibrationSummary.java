package insitu.sdk.job;

import insitu.runtime.calibrate.Calibration;
import java.util.List;

/**
 * What a report says of the calibration a command used ({@code "calibration"}) or a self-test
 * measured: where it came from, the SET response fit, the conductance window, noise, the mapping it
 * implies and the defects found.
 *
 * @param source the calibration file, or which self-test produced it
 * @param gateVolts the gate range of the fit, {low, high}
 * @param windowSiemens the conductance window, {low, high}
 */
public record CalibrationSummary(String source, double slopeSiemensPerVolt, double offsetSiemens, List<Double> gateVolts, double setVolts,
                                 double resetVolts, List<Double> windowSiemens, double readNoiseRelative, double writeSpreadSiemens,
                                 double siemensPerWeight, double centerSiemens, double maxWeight, double toleranceSiemens, int stuckCells,
                                 int badRows, int badCols, long pulses) {

  public static CalibrationSummary of(Calibration c, String source) {
    return new CalibrationSummary(source, c.slopeSiemensPerVolt(), c.offsetSiemens(), List.of(c.minGateVolts(), c.maxGateVolts()),
        c.setVolts(), c.resetVolts(), List.of(c.windowLowSiemens(), c.windowHighSiemens()), c.readNoiseRelative(), c.writeSpreadSiemens(),
        c.siemensPerWeight(), c.centerSiemens(), c.maxWeight(), c.toleranceSiemens(), c.stuckCells().size(), c.badRows().size(),
        c.badCols().size(), c.pulses());
  }
}
