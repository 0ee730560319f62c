package insitu.runtime.calibrate;

import insitu.runtime.Deployment;
import insitu.runtime.crossbar.CrossbarBlock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Digital drift compensation: per block and output column, the least-squares gain that maps the
 * weights read back now onto reference weights (those the runtime intended, or read right after
 * programming): gain_j = Σᵢ ref_ji·now_ji / Σᵢ now_ji². It is installed on the block
 * ({@link CrossbarBlock#setOutputCorrection}) and so scales that column's MVM outputs.
 *
 * <p>Why a gain per column: a column shares its bit line, TIA range and ADC, and log-time
 * relaxation moves all devices of a column the same way on average, so the systematic part of
 * drift is, to first order, a column gain. Random per-device drift is not removable this way
 * (it needs re-programming or fine-tuning; see {@link Recalibrator}). No offset is fitted: with
 * inputs of either sign and differential pairs, a constant output offset has no physical source.
 */
public final class DriftCompensator {
  /** Gains outside this range mean a broken column, not drift; they are clamped. */
  public static final double MIN_GAIN = 0.5, MAX_GAIN = 2.0;

  /** Per block: the fitted gains, and the rms weight error before and after (against the reference). */
  public record Fit(String block, double[] gain, double rmsBefore, double rmsAfter) {}

  private DriftCompensator() {}

  /** The weights the deployment's graph holds: what programming aimed at. */
  public static Map<String, double[]> intended(Deployment d) {
    Map<String, double[]> m = new LinkedHashMap<>();
    for (CrossbarBlock b : d.blocks().values()) m.put(b.name(), d.graph().weightMatrix(b.name()).values().clone());
    return m;
  }

  /** A copy of every block's weights as last read back (call right after programming). */
  public static Map<String, double[]> snapshot(Deployment d) {
    Map<String, double[]> m = new LinkedHashMap<>();
    for (CrossbarBlock b : d.blocks().values()) m.put(b.name(), b.weights().clone());
    return m;
  }

  /** Reads every block back, fits the per-column gains against {@code reference} and installs them. */
  public static Map<String, Fit> compensate(Deployment d, Map<String, double[]> reference) {
    Map<String, Fit> fits = new LinkedHashMap<>();
    for (CrossbarBlock b : d.blocks().values()) {
      double[] ref = reference.get(b.name());
      if (ref == null) continue;
      Fit f = fit(b.name(), ref, b.readBack(), b.outputs(), b.inputs());
      b.setOutputCorrection(f.gain(), null);
      fits.put(b.name(), f);
    }
    return fits;
  }

  /** Removes every block's correction. */
  public static void clear(Deployment d) {
    for (CrossbarBlock b : d.blocks().values()) b.setOutputCorrection(null, null);
  }

  /** The fit alone, on outputs × inputs matrices. */
  public static Fit fit(String name, double[] reference, double[] now, int outputs, int inputs) {
    if (reference.length != outputs * inputs || now.length != outputs * inputs)
      throw new IllegalArgumentException("block '" + name + "': weight matrices must be " + outputs + "x" + inputs);
    double[] gain = new double[outputs];
    double before = 0, after = 0;
    for (int j = 0; j < outputs; j++) {
      double num = 0, den = 0;
      for (int i = 0; i < inputs; i++) {
        double r = reference[j * inputs + i], w = now[j * inputs + i];
        num += r * w;
        den += w * w;
      }
      double g = den > 0 ? num / den : 1;
      gain[j] = Math.max(MIN_GAIN, Math.min(MAX_GAIN, g));
      for (int i = 0; i < inputs; i++) {
        double r = reference[j * inputs + i], w = now[j * inputs + i];
        before += (w - r) * (w - r);
        after += (gain[j] * w - r) * (gain[j] * w - r);
      }
    }
    int n = Math.max(1, outputs * inputs);
    return new Fit(name, gain, Math.sqrt(before / n), Math.sqrt(after / n));
  }
}
