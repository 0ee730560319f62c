package insitu.boards.sim;

/**
 * The physics of one simulated 1T1R device, as data. Presets: {@link #ideal()}, {@link #paper()},
 * {@link #realistic()}.
 *
 * <p>SET: the gate voltage limits the compliance current, so the device lands near
 * {@code setSlope·Vg + setOffset}; under {@code setCannotLower} (the paper's model) a SET never
 * lowers a conductance that is already higher. RESET sends the device to {@code resetSiemens}.
 * Each pulse adds Gaussian write noise; reads add Gaussian read noise. The remaining behaviour is
 * composed from small records, each with a {@code none()} that the paper and ideal presets use:
 * {@link SwitchingDynamics} (stochastic SET/RESET), {@link TelegraphNoise}, {@link Relaxation},
 * {@link Endurance}, {@link ReadoutChain}; {@link BoardTiming} says how fast the virtual clock runs.
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
 * @param switching stochastic SET/RESET steps, or none for jumps to the target
 * @param telegraph random telegraph noise on reads
 * @param relaxation log-time relaxation after programming
 * @param endurance wear-out with cycling
 * @param readout TIA ranges and ADC of the columns (reads and MVMs)
 * @param timing durations that advance the board's virtual clock
 */
public record DeviceModel(
    String name,
    double minSiemens, double maxSiemens,
    double initLowSiemens, double initHighSiemens,
    double setSlopeSiemensPerVolt, double setOffsetSiemens, boolean setCannotLower, double minSetVolts,
    double resetSiemens, double minResetVolts,
    double writeNoiseSiemens, double readNoiseRelative, double readNoiseSiemens,
    double stuckOffFraction, double stuckOnFraction, double stuckOnSiemens,
    SwitchingDynamics switching, TelegraphNoise telegraph, Relaxation relaxation, Endurance endurance,
    ReadoutChain readout, BoardTiming timing) {

  public DeviceModel {
    if (!(maxSiemens > minSiemens)) throw new IllegalArgumentException("maxSiemens must exceed minSiemens");
    if (initHighSiemens < initLowSiemens) throw new IllegalArgumentException("initHighSiemens < initLowSiemens");
    if (writeNoiseSiemens < 0 || readNoiseRelative < 0 || readNoiseSiemens < 0)
      throw new IllegalArgumentException("noise levels must be >= 0");
    if (stuckOffFraction < 0 || stuckOnFraction < 0 || stuckOffFraction + stuckOnFraction > 1)
      throw new IllegalArgumentException("stuck fractions must be in [0,1] and sum to at most 1");
    java.util.Objects.requireNonNull(switching, "switching");
    java.util.Objects.requireNonNull(telegraph, "telegraph");
    java.util.Objects.requireNonNull(relaxation, "relaxation");
    java.util.Objects.requireNonNull(endurance, "endurance");
    java.util.Objects.requireNonNull(readout, "readout");
    java.util.Objects.requireNonNull(timing, "timing");
  }

  /** The presets before the composable physics: everything {@code none()}, typical timing. */
  private DeviceModel(String name, double minSiemens, double maxSiemens, double initLowSiemens, double initHighSiemens,
      double setSlopeSiemensPerVolt, double setOffsetSiemens, boolean setCannotLower, double minSetVolts,
      double resetSiemens, double minResetVolts, double writeNoiseSiemens, double readNoiseRelative,
      double readNoiseSiemens, double stuckOffFraction, double stuckOnFraction, double stuckOnSiemens) {
    this(name, minSiemens, maxSiemens, initLowSiemens, initHighSiemens, setSlopeSiemensPerVolt, setOffsetSiemens,
        setCannotLower, minSetVolts, resetSiemens, minResetVolts, writeNoiseSiemens, readNoiseRelative, readNoiseSiemens,
        stuckOffFraction, stuckOnFraction, stuckOnSiemens, SwitchingDynamics.none(), TelegraphNoise.none(),
        Relaxation.none(), Endurance.none(), ReadoutChain.none(), BoardTiming.typical());
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

  /** Gate range of the realistic preset's SET compliance line: 0.8 V → 1 µS, 3.0 V → 40 µS. */
  public static final double REALISTIC_GATE_LOW_VOLTS = 0.8, REALISTIC_GATE_HIGH_VOLTS = 3.0;

  /**
   * A 1T1R HfOx-class array as the anchors describe it (board-anchors.md §4.1, §4.4, §5, §7.6,
   * §8): window 1–40 µS (NeuRRAM, Wan et al. 2022); no SET below 1.2 V, above it a stochastic
   * step (σ 30 % of the step) towards a compliance G_cc(Vg) linear from 1 µS at 0.8 V to 40 µS at
   * 3.0 V gate (17.73 µS/V, offset −13.18 µS; NI-RRAM and ESCIM sweep the gate over about this
   * range); gradual RESET above 1.3 V at 1.5/V of overdrive (σ 30 %) down to 1 µS; 0.5 µS of
   * programming noise per pulse so that write-verify reaches ±1 µS; 1 % Gaussian read noise
   * (aihwkit, "add about 1 % read noise"); two-level RTN on 3 % of cells, 5 % of G, flipping with
   * probability 0.3 per read (NIST); relaxation −0.09·ln t µS, σ = 0.04·ln t + 0.4 µS (aihwkit
   * ReRamCMONoiseModel); endurance median 3·10⁵ cycles, log-normal σ 0.5, window narrowing from
   * half-life to 50 % at the endurance figure, then stuck (vendor 10⁵–10⁶); 1 % stuck at 1 µS
   * and 1 % stuck at 40 µS, unknown to the host; TIA ranges ±10 µA/±100 µA/±1 mA, auto-ranged,
   * 16-bit ADC, up to 3 LSB offset per column (ArC TWO, ESCIM). Initial cells are formed and lie
   * uniformly in 1–10 µS.
   */
  public static DeviceModel realistic() {
    double min = 1e-6, max = 40e-6;
    double slope = (max - min) / (REALISTIC_GATE_HIGH_VOLTS - REALISTIC_GATE_LOW_VOLTS);
    return new DeviceModel("realistic", min, max, 1e-6, 10e-6, slope, min - slope * REALISTIC_GATE_LOW_VOLTS, true, 1.2,
        min, 1.3, 0.5e-6, 0.01, 0, 0.01, 0.01, max,
        new SwitchingDynamics(2.0, 0.3, 1.5, 0.3), new TelegraphNoise(0.03, 0.05, 0.3),
        new Relaxation(0.09e-6, 0.04e-6, 0.4e-6), new Endurance(3e5, 0.5, 0.5, 0.5),
        ReadoutChain.threeRanges(16), BoardTiming.typical());
  }

  /** True when any of the composable physics is present; the paper and ideal presets have none. */
  public boolean hasDevicePhysics() {
    return !switching.isNone() || !telegraph.isNone() || !relaxation.isNone() || !endurance.isNone() || !readout.isNone();
  }

  /** The smallest amplitude a pulse of this kind needs to do anything. */
  public double thresholdVolts(insitu.boards.PulseKind kind) {
    return kind == insitu.boards.PulseKind.SET ? minSetVolts : minResetVolts;
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
    return with(d -> {
      d.stuckOffFraction = off;
      d.stuckOnFraction = on;
      if (on > 0 && stuckOnSiemens == 0) d.stuckOnSiemens = maxSiemens / 2;
    });
  }

  public DeviceModel withReadNoise(double relative) {
    return with(d -> d.readNoiseRelative = relative);
  }

  public DeviceModel withWriteNoise(double sigmaSiemens) {
    return with(d -> d.writeNoiseSiemens = sigmaSiemens);
  }

  /**
   * The same devices with a different upper conductance: the SET compliance line is rescaled so
   * the gate voltages that gave the old minimum and maximum now give the new ones, and a stuck-on
   * level at the old maximum moves with it.
   */
  public DeviceModel withMaxSiemens(double max) {
    if (!(max > minSiemens)) throw new IllegalArgumentException("maximum conductance " + max + " S must exceed the minimum " + minSiemens + " S");
    double vLo = gateFor(minSiemens), vHi = gateFor(maxSiemens);
    double slope = (max - minSiemens) / (vHi - vLo);
    double scale = max / maxSiemens;
    return with(d -> {
      d.maxSiemens = max;
      d.initLowSiemens = Math.min(initLowSiemens * scale, max);
      d.initHighSiemens = Math.min(initHighSiemens * scale, max);
      d.setSlopeSiemensPerVolt = slope;
      d.setOffsetSiemens = minSiemens - slope * vLo;
      if (stuckOnSiemens == maxSiemens) d.stuckOnSiemens = max;
    });
  }

  public DeviceModel withTelegraph(TelegraphNoise t) {
    return with(d -> d.telegraph = t);
  }

  public DeviceModel withEndurance(Endurance e) {
    return with(d -> d.endurance = e);
  }

  public DeviceModel withReadout(ReadoutChain r) {
    return with(d -> d.readout = r);
  }

  /** This model with the changes {@code edit} makes to a copy of its parameters (one place spells out every component). */
  private DeviceModel with(java.util.function.Consumer<Draft> edit) {
    Draft d = new Draft(this);
    edit.accept(d);
    return new DeviceModel(d.name, d.minSiemens, d.maxSiemens, d.initLowSiemens, d.initHighSiemens, d.setSlopeSiemensPerVolt,
        d.setOffsetSiemens, d.setCannotLower, d.minSetVolts, d.resetSiemens, d.minResetVolts, d.writeNoiseSiemens,
        d.readNoiseRelative, d.readNoiseSiemens, d.stuckOffFraction, d.stuckOnFraction, d.stuckOnSiemens,
        d.switching, d.telegraph, d.relaxation, d.endurance, d.readout, d.timing);
  }

  /** The components of a model being edited by {@link #with}. */
  private static final class Draft {
    String name;
    double minSiemens, maxSiemens, initLowSiemens, initHighSiemens, setSlopeSiemensPerVolt, setOffsetSiemens;
    boolean setCannotLower;
    double minSetVolts, resetSiemens, minResetVolts, writeNoiseSiemens, readNoiseRelative, readNoiseSiemens;
    double stuckOffFraction, stuckOnFraction, stuckOnSiemens;
    SwitchingDynamics switching;
    TelegraphNoise telegraph;
    Relaxation relaxation;
    Endurance endurance;
    ReadoutChain readout;
    BoardTiming timing;

    Draft(DeviceModel m) {
      name = m.name;
      minSiemens = m.minSiemens;
      maxSiemens = m.maxSiemens;
      initLowSiemens = m.initLowSiemens;
      initHighSiemens = m.initHighSiemens;
      setSlopeSiemensPerVolt = m.setSlopeSiemensPerVolt;
      setOffsetSiemens = m.setOffsetSiemens;
      setCannotLower = m.setCannotLower;
      minSetVolts = m.minSetVolts;
      resetSiemens = m.resetSiemens;
      minResetVolts = m.minResetVolts;
      writeNoiseSiemens = m.writeNoiseSiemens;
      readNoiseRelative = m.readNoiseRelative;
      readNoiseSiemens = m.readNoiseSiemens;
      stuckOffFraction = m.stuckOffFraction;
      stuckOnFraction = m.stuckOnFraction;
      stuckOnSiemens = m.stuckOnSiemens;
      switching = m.switching;
      telegraph = m.telegraph;
      relaxation = m.relaxation;
      endurance = m.endurance;
      readout = m.readout;
      timing = m.timing;
    }
  }
}
