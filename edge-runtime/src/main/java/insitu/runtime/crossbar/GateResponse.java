package insitu.runtime.crossbar;

/**
 * What the host believes about the devices' SET response: G ≈ offset + slope·Vg. Used to turn a
 * target conductance into a gate voltage for open-loop programming. Paper default: 181.8 µS/V.
 *
 * @param slopeSiemensPerVolt dG/dVg
 * @param offsetSiemens G at Vg = 0, extrapolated
 * @param minGateVolts lowest gate voltage used
 * @param maxGateVolts highest gate voltage used
 * @param setVolts SET amplitude
 * @param resetVolts RESET amplitude
 * @param resetGateVolts gate voltage during RESET
 */
public record GateResponse(double slopeSiemensPerVolt, double offsetSiemens, double minGateVolts, double maxGateVolts,
                           double setVolts, double resetVolts, double resetGateVolts) {

  /** The CNN script of the paper: 181.8 µS/V, Vg ∈ [0.5, 2.5] V, SET 2.5 V, RESET 1.7 V at gate 5 V. */
  public static GateResponse paper() {
    return new GateResponse(200e-6 / 1.1, 0, 0.5, 2.5, 2.5, 1.7, 5.0);
  }

  public double gateFor(double siemens) {
    return clampGate((siemens - offsetSiemens) / slopeSiemensPerVolt);
  }

  public double clampGate(double v) {
    return Math.max(minGateVolts, Math.min(maxGateVolts, v));
  }

  public double conductanceAt(double gateVolts) {
    return offsetSiemens + slopeSiemensPerVolt * gateVolts;
  }
}
