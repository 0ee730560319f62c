package insitu.compiler.builder;

import insitu.compiler.builder.ModelBuilder.Padding;
import insitu.compiler.ir.Graph;

/** The networks of Wang et al., Nature Machine Intelligence 1, 434 (2019). */
public final class PaperModels {
  private PaperModels() {}

  /**
   * The five-level CNN: 8×8 → conv 3×3×15 'same' ReLU → conv 2×2×4 'same' (pad after) linear →
   * maxpool 2 → dense 64→10, no biases, 1,015 weights. Softmax belongs to the loss.
   */
  public static Graph cnn(long seed) {
    return ModelBuilder.input("input", 1, 8, 8)
        .conv("conv1", 15, 3, 1, Padding.SAME).relu()
        .conv("conv2", 4, 2, 1, Padding.SAME_AFTER)
        .maxPool(2).flatten()
        .dense("fc", 10, false)
        .build("paper-cnn", seed);
  }
}
