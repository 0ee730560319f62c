package insitu.runtime.program;

import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.DifferentialEncoding;

/**
 * Device targets that realize each weight as the sum over all its devices rather than device by
 * device: a weight is Σ sign·G over its pair (and the pairs of its copies) divided by
 * copies × siemens per weight, so a device that cannot move (stuck, or failed to converge) is
 * absorbed by the free devices of the same weight, spread evenly over them and, where one hits
 * the window, over the rest. A weight whose devices are all free gets exactly the usual targets.
 *
 * <p>Targets are per tile and device, in each tile's row-major order (what {@link
 * WriteVerifyProgrammer#programDevices} and {@link TargetWriter} take); NaN marks a device to
 * leave alone.
 */
public final class PairSumTargets {
  private PairSumTargets() {}

  /** Devices that cannot be moved: the conductance each one is at, NaN for a free device. */
  @FunctionalInterface
  public interface Fixed {
    double siemens(int tile, int local, int array, int row, int col);
  }

  /** Every device free. */
  public static final Fixed NONE = (tile, local, array, row, col) -> Double.NaN;

  /**
   * Targets for programming {@code weights} (outputs × inputs): free devices start at
   * centre ± w·siemensPerWeight/2 and absorb what the fixed devices of their weight get wrong;
   * fixed devices get NaN.
   */
  public static double[][] program(CrossbarBlock b, double[] weights, double center, double lowSiemens, double highSiemens, Fixed fixed) {
    DifferentialEncoding encoding = b.encoding();
    encoding.checkWeights(weights);
    Devices ds = Devices.of(b, fixed);
    double[][] out = nanTargets(b);
    for (int w = 0; w < ds.count.length; w++) {
      int n = ds.count[w];
      double[] start = new double[n];
      for (int k = 0; k < n; k++) start[k] = ds.fixedAt[w][k] ? ds.level[w][k] : encoding.target(center, ds.sign[w][k], weights[w]);
      double[] t = solve(ds.sign[w], start, ds.fixedAt[w], encoding.pairSum(n, weights[w]), lowSiemens, highSiemens);
      for (int k = 0; k < n; k++) if (!ds.fixedAt[w][k]) out[ds.tile[w][k]][ds.local[w][k]] = t[k];
    }
    return out;
  }

  /**
   * Targets for changing weights by {@code deltaW} from where the devices are now ({@code now},
   * per tile, read back): the free devices of each weight with a non-zero change share it; every
   * other device gets NaN.
   */
  public static double[][] move(CrossbarBlock b, double[] deltaW, double[][] now, double lowSiemens, double highSiemens, Fixed fixed) {
    DifferentialEncoding encoding = b.encoding();
    Devices ds = Devices.of(b, fixed);
    double[][] out = nanTargets(b);
    for (int w = 0; w < ds.count.length; w++) {
      if (deltaW[w] == 0) continue;
      int n = ds.count[w];
      double[] start = new double[n];
      double sum = 0;
      for (int k = 0; k < n; k++) {
        double[] tileNow = now[ds.tile[w][k]];
        if (tileNow == null) throw new IllegalArgumentException("no read-back conductances for tile " + ds.tile[w][k] + " of '" + b.name() + "'");
        start[k] = tileNow[ds.local[w][k]];
        sum += ds.sign[w][k] * start[k];
      }
      double[] t = solve(ds.sign[w], start, ds.fixedAt[w], sum + encoding.pairSum(n, deltaW[w]), lowSiemens, highSiemens);
      for (int k = 0; k < n; k++) if (!ds.fixedAt[w][k]) out[ds.tile[w][k]][ds.local[w][k]] = t[k];
    }
    return out;
  }

  private static double[][] nanTargets(CrossbarBlock b) {
    double[][] out = new double[b.tileCount()][];
    for (int t = 0; t < out.length; t++) {
      out[t] = new double[b.region(t).cellCount()];
      java.util.Arrays.fill(out[t], Double.NaN);
    }
    return out;
  }

  /**
   * Water-filling: the free devices (clamped to the window) move, each by the same amount in the
   * direction of its sign, until Σ sign·G reaches {@code wantedSum} or every free device is at
   * the window's edge. Fixed devices keep their start.
   */
  static double[] solve(int[] sign, double[] start, boolean[] fixed, double wantedSum, double lo, double hi) {
    int n = start.length;
    double[] g = new double[n];
    boolean[] active = new boolean[n];
    double residual = wantedSum;
    for (int k = 0; k < n; k++) {
      g[k] = fixed[k] ? start[k] : Math.max(lo, Math.min(hi, start[k]));
      active[k] = !fixed[k];
      residual -= sign[k] * g[k];
    }
    for (int round = 0; round < n && Math.abs(residual) > 1e-18; round++) {
      int m = 0;
      for (boolean a : active) if (a) m++;
      if (m == 0) break;
      double step = residual / m;
      for (int k = 0; k < n; k++) {
        if (!active[k]) continue;
        double want = g[k] + sign[k] * step, got = Math.max(lo, Math.min(hi, want));
        residual -= sign[k] * (got - g[k]);
        g[k] = got;
        if (got != want) active[k] = false;
      }
    }
    return g;
  }

  /** Each weight's devices: tile, index in the tile, sign, and whether (and where) it is fixed. */
  private static final class Devices {
    final int[] count;
    final int[][] tile, local, sign;
    final boolean[][] fixedAt;
    final double[][] level;

    private Devices(int weights, int perWeight) {
      count = new int[weights];
      tile = new int[weights][perWeight];
      local = new int[weights][perWeight];
      sign = new int[weights][perWeight];
      fixedAt = new boolean[weights][perWeight];
      level = new double[weights][perWeight];
    }

    static Devices of(CrossbarBlock b, Fixed fixed) {
      int most = 2;
      for (var t : b.placement().tiles()) most = Math.max(most, 2 * t.rowRep() * t.colRep());
      Devices d = new Devices(b.outputs() * b.inputs(), most);
      b.forEachDevice((t, local, array, row, col, w, sign) -> {
        int k = d.count[w]++;
        d.tile[w][k] = t;
        d.local[w][k] = local;
        d.sign[w][k] = sign;
        double g = fixed.siemens(t, local, array, row, col);
        d.fixedAt[w][k] = !Double.isNaN(g);
        d.level[w][k] = g;
      });
      return d;
    }
  }
}
