package insitu.sdk.job;

import insitu.compiler.Compiler;
import insitu.compiler.ModelSource;
import insitu.compiler.artifact.ArtifactReader;
import insitu.compiler.builder.BuiltInModel;
import insitu.compiler.ir.Graph;
import insitu.errors.UsageException;
import java.nio.file.Path;

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

  /** The lowered graph of a model: a built-in or an ONNX file through the compiler, an artifact's as compiled. */
  public static Graph load(String spec, long seed) {
    if (spec != null && spec.endsWith(".xbar")) return ArtifactReader.read(Path.of(spec)).graph();
    return Compiler.standard().load(source(spec, seed));
  }

  /** What the compiler imports for a model argument; an artifact is already compiled and imports as its graph. */
  public static ModelSource source(String spec, long seed) {
    if (spec == null || spec.isBlank()) throw new UsageException("no model given; valid: " + VALID);
    var builtIn = BuiltInModel.named(spec);
    if (builtIn.isPresent()) return ModelSource.builtIn(builtIn.get(), seed);
    // A missing or bad file is a BadInputException naming it (exit code 3), from the reader.
    if (spec.endsWith(".onnx")) return ModelSource.onnx(Path.of(spec));
    if (spec.endsWith(".xbar")) return ModelSource.graph(ArtifactReader.read(Path.of(spec)).graph());
    throw new UsageException("unknown model '" + spec + "'; valid: " + VALID);
  }

  /** Defaults for a model spec; models from files get the CNN's. */
  public static Defaults defaults(String spec) {
    return "paper-convlstm".equals(spec) ? CONVLSTM : CNN;
  }
}
