package insitu.sdk.job;

import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import insitu.compiler.onnx.OnnxImporter;
import insitu.errors.UsageException;

/** Resolves the --model argument: a built-in model name or a model file, and its training defaults. */
public final class ModelCatalog {
  public static final String VALID = "paper-cnn, paper-convlstm, FILE.onnx, FILE.xbar";

  /** Training defaults of a model, used when the command line does not say. */
  public record Defaults(int epochs, int batch) {}

  /** The paper CNN's: batch 100 as the paper; 15 epochs of the bundled 8,000 digits. */
  static final Defaults CNN = new Defaults(15, 100);
  /** The paper ConvLSTM's: batch 50 as the paper; 8 epochs of the 5,958 sequences with a decaying rate. */
  static final Defaults CONVLSTM = new Defaults(8, 50);

  private ModelCatalog() {}

  public static Graph load(String spec, long seed) {
    if (spec == null || spec.isBlank()) throw new UsageException("no model given; valid: " + VALID);
    return switch (spec) {
      case "paper-cnn" -> PaperModels.cnn(seed);
      case "paper-convlstm" -> PaperModels.convLstm(seed);
      default -> {
        // A missing or bad file is a BadInputException naming it (exit code 3), from the reader.
        if (spec.endsWith(".onnx")) yield OnnxImporter.load(java.nio.file.Path.of(spec));
        if (spec.endsWith(".xbar")) yield insitu.compiler.artifact.ArtifactReader.read(java.nio.file.Path.of(spec)).graph();
        throw new UsageException("unknown model '" + spec + "'; valid: " + VALID);
      }
    };
  }

  /** Defaults for a model spec; models from files get the CNN's. */
  public static Defaults defaults(String spec) {
    return "paper-convlstm".equals(spec) ? CONVLSTM : CNN;
  }
}
