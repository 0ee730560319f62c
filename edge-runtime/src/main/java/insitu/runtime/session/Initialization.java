package insitu.runtime.session;

import insitu.runtime.Choice;

/** How a model's weights start on the board; {@link #label()} is the command line's word. */
public enum Initialization implements Choice {
  /** {@link #WEIGHTS} for a model from a file (ONNX, .xbar), {@link #PAPER} for a built-in one. */
  AUTO,
  /** The paper's: RESET all devices, SET them all at the centre gate (training from scratch). */
  PAPER,
  /** The model's own weights, programmed with write-verify (fine-tuning trained weights in situ). */
  WEIGHTS,
  /**
   * Nothing programmed: the board already holds this model at the model's own placement (a device
   * that frees its working memory between jobs attaches again); the weights are read back.
   */
  ATTACH;

  /** {@link #AUTO} made concrete for a model that does (a file) or does not (a built-in) bring trained weights. */
  public Initialization resolve(boolean trainedWeights) {
    return this != AUTO ? this : trainedWeights ? WEIGHTS : PAPER;
  }

  /** Whether the weights on the board are the model's trained ones (programmed or attached to), not the paper's start. */
  public boolean trainedWeights() {
    return this == WEIGHTS || this == ATTACH;
  }

  /** The programming this initialization does (a resolved one). */
  public Programming programming() {
    return switch (this) {
      case PAPER -> new Programming.PaperInit();
      case WEIGHTS -> new Programming.WriteVerify(null);
      case ATTACH -> new Programming.Attach();
      case AUTO -> throw new IllegalStateException("resolve the initialization first");
    };
  }
}
