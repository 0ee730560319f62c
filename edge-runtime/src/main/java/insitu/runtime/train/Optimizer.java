package insitu.runtime.train;

import java.util.HashMap;
import java.util.Map;

/**
 * Turns gradients into weight changes (descent steps). State is kept per named parameter so one
 * optimizer serves every crossbar block and digital parameter.
 */
public abstract sealed class Optimizer permits Optimizer.Sgd, Optimizer.RmsProp, Optimizer.Adam {
  protected final Map<String, double[][]> state = new HashMap<>();

  /** Writes ΔW = −(step) for gradient g at learning rate lr into {@code out}. */
  public abstract void delta(String param, double[] g, double lr, double[] out);

  public abstract String name();

  /** Per-parameter state arrays (live; for checkpoints). */
  public Map<String, double[][]> state() {
    return state;
  }

  /** Replaces the state with a deep copy of a saved one. */
  public void restore(Map<String, double[][]> saved) {
    state.clear();
    for (var e : saved.entrySet()) {
      double[][] copy = new double[e.getValue().length][];
      for (int i = 0; i < copy.length; i++) copy[i] = e.getValue()[i].clone();
      state.put(e.getKey(), copy);
    }
  }

  protected double[][] slots(String param, int n, int k) {
    return state.computeIfAbsent(param, p -> new double[k][n]);
  }

  /** SGD with (heavy-ball) momentum. */
  public static final class Sgd extends Optimizer {
    private final double momentum;

    public Sgd(double momentum) {
      this.momentum = momentum;
    }

    @Override public void delta(String p, double[] g, double lr, double[] out) {
      double[] v = slots(p, g.length, 1)[0];
      for (int i = 0; i < g.length; i++) {
        v[i] = momentum * v[i] + g[i];
        out[i] = -lr * v[i];
      }
    }

    @Override public String name() { return "sgd"; }
  }

  /** RMSprop as in the paper: ms ← ρ·ms + (1−ρ)·g², ΔW = −lr·g/(√ms + ε). */
  public static final class RmsProp extends Optimizer {
    private final double rho, eps;

    public RmsProp(double rho, double eps) {
      this.rho = rho;
      this.eps = eps;
    }

    @Override public void delta(String p, double[] g, double lr, double[] out) {
      double[] ms = slots(p, g.length, 1)[0];
      for (int i = 0; i < g.length; i++) {
        ms[i] = rho * ms[i] + (1 - rho) * g[i] * g[i];
        out[i] = -lr * g[i] / (Math.sqrt(ms[i]) + eps);
      }
    }

    @Override public String name() { return "rmsprop"; }
  }

  /** Adam with bias correction. */
  public static final class Adam extends Optimizer {
    private final double b1, b2, eps;

    public Adam(double b1, double b2, double eps) {
      this.b1 = b1;
      this.b2 = b2;
      this.eps = eps;
    }

    @Override public void delta(String p, double[] g, double lr, double[] out) {
      double[][] s = slots(p, g.length, 3);
      // The step count lives in the state too (slot 2, element 0), so a checkpoint captures it.
      double t = ++s[2][0];
      double c1 = 1 - StrictMath.pow(b1, t), c2 = 1 - StrictMath.pow(b2, t);
      for (int i = 0; i < g.length; i++) {
        s[0][i] = b1 * s[0][i] + (1 - b1) * g[i];
        s[1][i] = b2 * s[1][i] + (1 - b2) * g[i] * g[i];
        out[i] = -lr * (s[0][i] / c1) / (Math.sqrt(s[1][i] / c2) + eps);
      }
    }

    @Override public String name() { return "adam"; }
  }
}
