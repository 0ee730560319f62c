package insitu.compiler.mapping;

import insitu.boards.DefectMap;
import java.util.Map;

/**
 * Devices known to be stuck on a target (from a board self-test): where each one is and the
 * conductance it is stuck at, and the window the free devices can be programmed within.
 *
 * <p>A weight is Σ sign·G over its devices divided by (copies × siemens per weight): one G⁺ and
 * one G⁻ per copy. A stuck device fixes its term; the free ones can still take anything in the
 * window, so whether a stuck device hurts depends on the weight it holds, its sign and how many
 * free devices share that weight ({@link #weightError}).
 *
 * @param siemensByCell stuck conductance by {@link DefectMap#cellKey}
 */
public record StuckDevices(Map<Long, Double> siemensByCell, double windowLowSiemens, double windowHighSiemens) {

  public StuckDevices {
    siemensByCell = Map.copyOf(siemensByCell);
    if (!(windowHighSiemens > windowLowSiemens)) throw new IllegalArgumentException("conductance window must have high > low");
  }

  public static StuckDevices none() {
    return new StuckDevices(Map.of(), 0, 1);
  }

  public boolean isEmpty() {
    return siemensByCell.isEmpty();
  }

  /** The conductance the cell is stuck at, or NaN when it is free. */
  public double at(int array, int row, int col) {
    Double s = siemensByCell.get(DefectMap.cellKey(array, row, col));
    return s == null ? Double.NaN : s;
  }

  /**
   * How far, in weight units, the nearest realizable value of weight {@code w} lies from it when
   * its devices have these signs (+1 G⁺, −1 G⁻) and levels (the stuck conductance, NaN for a free
   * device): 0 when the free devices can absorb the stuck ones.
   */
  public double weightError(double w, double siemensPerWeight, int[] signs, double[] levels, int n) {
    double lo = 0, hi = 0;
    for (int d = 0; d < n; d++) {
      double s = signs[d], g = levels[d];
      if (!Double.isNaN(g)) {
        lo += s * g;
        hi += s * g;
      } else if (s > 0) {
        lo += windowLowSiemens;
        hi += windowHighSiemens;
      } else {
        lo -= windowHighSiemens;
        hi -= windowLowSiemens;
      }
    }
    double k = (n / 2) * siemensPerWeight, target = w * k;
    return target < lo ? (lo - target) / k : target > hi ? (target - hi) / k : 0;
  }
}
