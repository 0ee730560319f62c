package insitu.boards.sim;

/**
 * The physics of one simulated 1T1R device, as data. Presets: {@link #ideal()}, {@link #paper()}.
 *
 * <p>SET: the gate voltage limits the compliance current, so the device lands near
 * {@code setSlope·Vg + setOffset}; under {@code setCannotLower} (the paper's model) a SET never
 * lowers a conductance that is already higher. RESET sends the device to {@code resetSiemens}.
 * Each pulse adds Gaussian write noise; reads add Gaussian read noise.
 *
 * @param name preset name
 * @param minSiemens lower clip of the conductance
 * @param maxSiemens upper clip of the conductance
 * @param initLowSiemens initial conductance drawn uniformly from [initLow, initHigh]
 * @param initHighSiemens see initLowSiemens
 * @param setSlopeSiemensPerVolt dG/dVg of the SET compliance
 * @param setOffsetSiemens G at Vg = 0 extrapolated
 * @param setCannotLower true: G ← max(G, target); false: G ← target
 * @param minSetVolts SET amplitudes below this do nothing
 * @param resetSiemens conductance after a RESET
 * @param minResetVolts RESET amplitudes below this do nothing
 * @param writeNoiseSiemens σ of the Gaussian added by every pulse
 * @param readNoiseRelative σ of the read noise relative to G
 * @param readNoiseSiemens σ of the additive read noise
 * @param stuckOffFraction fraction of devices stuck at minSiemens (unknown to the host)
 * @param stuckOnFraction fraction of devices stuck at stuckOnSiemens
 * @param stuckOnSiemens conductance of a stuck-on device
 */
public record DeviceModel(
    String name,
    double minSiemens, double maxSiemens,
    double initLowSiemens, double initHighSiemens,
    double setSlopeSiemensPerVolt, double setOffsetSiemens, boolean setCannotLower, double minSetVolts,
    double resetSiemens, double minResetVolts,
    double writeNoiseSiemens, double readNoiseRelative, double readNoiseSiemens,
    double stuckOffFraction, double stuckOnFraction, double stuckOnSiemens) {

  public DeviceModel {
    if (!(maxSiemens > minSiemens)) throw new IllegalArgumentException("maxSiemens must exceed minSiemens");
    if (initHighSiemens < initLowSiemens) throw new IllegalArgumentException("initHighSiemens < initLowSiemens");
    if (writeNoiseSiemens < 0 || readNoiseRelative < 0 || readNoiseSiemens < 0)
      throw new IllegalArgumentException("noise levels must be >= 0");
    if (stuckOffFraction < 0 || stuckOnFraction < 0 || stuckOffFraction + stuckOnFraction > 1)
      throw new IllegalArgumentException("stuck fractions must be in [0,1] and sum to at most 1");
  }

  /** Exact, noiseless, defect-free devices: results equal float math. */
  public static DeviceModel ideal() {
    return new DeviceModel("ideal", 0, 1e-3, 0, 0, 200e-6 / 1.1, 0, false, 1.0, 0, 1.0,
        0, 0, 0, 0, 0, 0);
  }

  /**
   * The simulated array of Wang et al. 2019 (sim_array1): SET gives max(G, 181.8 µS/V·Vg), RESET
   * gives ~0, σ = 8 µS write noise per pulse, initial G uniform in 50–100 µS, exact reads.
   */
  public static DeviceModel paper() {
    return new DeviceModel("paper", 0, 1e-3, 50e-6, 100e-6, 200e-6 / 1.1, 0, true, 1.0, 0, 1.0,
        8e-6, 0, 0, 0, 0, 0);
  }

  /** Target conductance of a SET at this gate voltage, before noise and clipping. */
  public double setTarget(double gateVolts) {
    return setOffsetSiemens + setSlopeSiemensPerVolt * gateVolts;
  }

  /** Gate voltage whose SET target is {@code siemens}. */
  public double gateFor(double siemens) {
    return (siemens - setOffsetSiemens) / setSlopeSiemensPerVolt;
  }

  public DeviceModel withStuck(double off, double on) {
    return new DeviceModel(name, minSiemens, maxSiemens, initLowSiemens, initHighSiemens, setSlopeSiemensPerVolt,
        setOffsetSiemens, setCannotLower, minSetVolts, resetSiemens, minResetVolts, writeNoiseSiemens,
        readNoiseRelative, readNoiseSiemens, off, on, on > 0 && stuckOnSiemens == 0 ? maxSiemens / 2 : stuckOnSiemens);
  }

  public DeviceModel withReadNoise(double relative) {
    return new DeviceModel(name, minSiemens, maxSiemens, initLowSiemens, initHighSiemens, setSlopeSiemensPerVolt,
        setOffsetSiemens, setCannotLower, minSetVolts, resetSiemens, minResetVolts, writeNoiseSiemens,
        relative, readNoiseSiemens, stuckOffFraction, stuckOnFraction, stuckOnSiemens);
  }

  public DeviceModel withWriteNoise(double sigmaSiemens) {
    return new DeviceModel(name, minSiemens, maxSiemens, initLowSiemens, initHighSiemens, setSlopeSiemensPerVolt,
        setOffsetSiemens, setCannotLower, minSetVolts, resetSiemens, minResetVolts, sigmaSiemens,
        readNoiseRelative, readNoiseSiemens, stuckOffFraction, stuckOnFraction, stuckOnSiemens);
  }
}
