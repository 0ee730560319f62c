package insitu.runtime.train;

import insitu.runtime.Choice;

/** The optimizers a trainer can step with; {@link #label()} is the word the command line and reports use. */
public enum OptimizerKind implements Choice {
  /** SGD with heavy-ball momentum 0.9. */
  SGD,
  /** RMSprop as in the paper: ρ = 0.9, ε = 1e-8. */
  RMSPROP,
  /** Adam with bias correction: β = (0.9, 0.999), ε = 1e-8. */
  ADAM;

  /** A fresh optimizer of this kind, with no state. */
  public Optimizer create() {
    return switch (this) {
      case SGD -> new Optimizer.Sgd(0.9);
      case RMSPROP -> new Optimizer.RmsProp(0.9, 1e-8);
      case ADAM -> new Optimizer.Adam(0.9, 0.999, 1e-8);
    };
  }
}
