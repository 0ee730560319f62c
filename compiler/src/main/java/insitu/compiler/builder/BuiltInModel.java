package insitu.compiler.builder;

import insitu.compiler.ir.Graph;
import java.util.Arrays;
import java.util.Optional;

/** The models insitu knows by name. */
public enum BuiltInModel {
  /** The paper's five-level CNN ({@link PaperModels#cnn}). */
  PAPER_CNN("paper-cnn"),
  /** The paper's ConvLSTM, unrolled over three frames ({@link PaperModels#convLstm}). */
  PAPER_CONVLSTM("paper-convlstm");

  private final String id;

  BuiltInModel(String id) {
    this.id = id;
  }

  /** The name users type ({@code --model paper-cnn}). */
  public String id() {
    return id;
  }

  /** The model with initial weights drawn from {@code seed}. */
  public Graph build(long seed) {
    return this == PAPER_CNN ? PaperModels.cnn(seed) : PaperModels.convLstm(seed);
  }

  public static Optional<BuiltInModel> named(String id) {
    return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
  }
}
