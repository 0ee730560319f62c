package insitu.sdk.job;

import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import insitu.compiler.onnx.OnnxImporter;
import insitu.sdk.cli.UsageException;

/** Resolves the --model argument: a built-in model name or a model file. */
public final class ModelCatalog {
  public static final String VALID = "paper-cnn, FILE.onnx";

  private ModelCatalog() {}

  public static Graph load(String spec, long seed) {
    if (spec == null || spec.isBlank()) throw new UsageException("no model given; valid: " + VALID);
    return switch (spec) {
      case "paper-cnn" -> PaperModels.cnn(seed);
      default -> {
        // A missing or bad file is a BadInputException naming it (exit code 3), from the reader.
        if (spec.endsWith(".onnx")) yield OnnxImporter.load(java.nio.file.Path.of(spec));
        throw new UsageException("unknown model '" + spec + "'; valid: " + VALID);
      }
    };
  }
}
