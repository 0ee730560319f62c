package insitu.boards.sim;

import java.util.List;

/**
 * Column readout: a transimpedance amplifier with switchable ranges and an ADC. For every column
 * and command the smallest range that holds the largest current is chosen (auto-range, the gain
 * being set per channel before the conversions stream through); the current is quantized to
 * 2^adcBits codes over ±range (LSB = 2·range/2^adcBits), a fixed per-column offset of up to
 * ±maxOffsetLsb codes is added, and currents beyond the largest range clip (saturation). Ranges
 * ±10 µA/±100 µA/±1 mA and 12–18 bits follow ArC TWO and ESCIM (board-anchors.md §4.3, §7.6, §8).
 *
 * @param rangesAmps full-scale currents of the TIA ranges, ascending; empty for an exact readout
 * @param adcBits ADC resolution
 * @param maxOffsetLsb largest per-column offset, in codes
 */
public record ReadoutChain(List<Double> rangesAmps, int adcBits, double maxOffsetLsb) {

  public ReadoutChain {
    rangesAmps = List.copyOf(rangesAmps);
    for (int i = 0; i < rangesAmps.size(); i++)
      if (!(rangesAmps.get(i) > 0) || (i > 0 && rangesAmps.get(i) <= rangesAmps.get(i - 1)))
        throw new IllegalArgumentException("TIA ranges must be positive and ascending: " + rangesAmps);
    if (!rangesAmps.isEmpty() && (adcBits < 2 || adcBits > 24)) throw new IllegalArgumentException("adcBits must be 2..24, was " + adcBits);
    if (maxOffsetLsb < 0) throw new IllegalArgumentException("maxOffsetLsb must be >= 0");
  }

  /** Exact currents. */
  public static ReadoutChain none() {
    return new ReadoutChain(List.of(), 0, 0);
  }

  /** ±10 µA, ±100 µA, ±1 mA with auto-range, {@code adcBits} bits, up to 3 LSB of offset. */
  public static ReadoutChain threeRanges(int adcBits) {
    return new ReadoutChain(List.of(10e-6, 100e-6, 1e-3), adcBits, 3);
  }

  public boolean isNone() {
    return rangesAmps.isEmpty();
  }

  public ReadoutChain withAdcBits(int bits) {
    return new ReadoutChain(rangesAmps, bits, maxOffsetLsb);
  }

  public double largestRangeAmps() {
    return rangesAmps.get(rangesAmps.size() - 1);
  }

  /** The smallest range that holds {@code amps}, or the largest (which then saturates). */
  public double rangeFor(double amps) {
    double a = Math.abs(amps);
    for (double r : rangesAmps) if (a <= r) return r;
    return largestRangeAmps();
  }

  /** One ADC code on this range. */
  public double lsbAmps(double rangeAmps) {
    return 2 * rangeAmps / (1L << adcBits);
  }

  /** The code the ADC gives on this range, offset included, clipped to the code range. */
  public long code(double amps, double rangeAmps, double offsetLsb) {
    long half = 1L << (adcBits - 1);
    long c = Math.round(amps / lsbAmps(rangeAmps) + offsetLsb);
    return Math.max(-half, Math.min(half - 1, c));
  }
}
