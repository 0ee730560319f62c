package insitu.sdk.job;

import insitu.compiler.Compiler;
import insitu.compiler.InputRange;
import insitu.compiler.ModelSource;
import insitu.compiler.artifact.ArtifactReader;
import insitu.compiler.artifact.ModelNotes;
import insitu.compiler.builder.BuiltInModel;
import insitu.compiler.ir.Graph;
import insitu.compiler.onnx.OnnxMetadata;
import insitu.errors.UsageException;
import insitu.sdk.zoo.ModelZoo;
import insitu.sdk.zoo.ZooModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the --model argument: a built-in model name, a zoo model's name or a model file, and
 * its training defaults, input range and what the artifact says about it.
 */
public final class ModelCatalog {
  public static final String VALID = "paper-cnn, paper-convlstm (built in, untrained), paper-cnn-trained, lenet5-mnist, lenet5-fashion,"
      + " dscnn-mnist, resnet-mnist (the zoo, trained), FILE.onnx, FILE.xbar";

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
    ModelZoo zoo = ModelZoo.bundled();
    Optional<ZooModel> z = zoo.named(spec);
    if (z.isPresent()) return ModelSource.onnx(spec, zoo.onnxBytes(z.get()));
    // A missing or bad file is a BadInputException naming it (exit code 3), from the reader.
    if (spec.endsWith(".onnx")) return ModelSource.onnx(Path.of(spec));
    if (spec.endsWith(".xbar")) return ModelSource.graph(ArtifactReader.read(Path.of(spec)).graph());
    throw new UsageException("unknown model '" + spec + "'; valid: " + VALID);
  }

  /**
   * What an artifact compiled from the model says about it: the input range it declares and its
   * metadata (an ONNX file's {@code metadata_props}, an artifact's own notes). Built-in models
   * take the bundled data sets' [0, 1].
   */
  public static ModelNotes notes(String spec) {
    if (spec == null || spec.isBlank()) throw new UsageException("no model given; valid: " + VALID);
    if (BuiltInModel.named(spec).isPresent()) return ModelNotes.NONE.withInputRange(InputRange.UNIT);
    if (spec.endsWith(".xbar")) return ArtifactReader.notes(Path.of(spec));
    ModelZoo zoo = ModelZoo.bundled();
    Optional<ZooModel> z = zoo.named(spec);
    if (z.isPresent()) return fromOnnx(OnnxMetadata.read(zoo.onnxBytes(z.get()), spec), spec);
    if (spec.endsWith(".onnx")) return fromOnnx(OnnxMetadata.read(Path.of(spec)), spec);
    throw new UsageException("unknown model '" + spec + "'; valid: " + VALID);
  }

  /** The input range a model declares, if it does. */
  public static Optional<InputRange> inputRange(String spec) {
    return notes(spec).declaredRange();
  }

  /**
   * The input range a model loaded by this name declares; empty for a name that is neither a
   * built-in, a zoo model nor a model file (a model built in Java), and for a file that says none.
   */
  public static Optional<InputRange> declaredRange(String name) {
    boolean known = BuiltInModel.named(name).isPresent() || name.endsWith(".onnx") || name.endsWith(".xbar")
        || ModelZoo.bundled().named(name).isPresent();
    return known ? inputRange(name) : Optional.empty();
  }

  private static ModelNotes fromOnnx(Map<String, String> metadata, String source) {
    Map<String, String> rest = new LinkedHashMap<>(metadata);
    String range = rest.remove(ModelNotes.INPUT_RANGE);
    try {
      return new ModelNotes(range == null ? null : InputRange.parse(range), rest);
    } catch (UsageException e) {
      throw new insitu.errors.BadInputException(source + ": metadata " + ModelNotes.INPUT_RANGE + ": " + e.getMessage());
    }
  }

  /** Whether the model comes with trained weights (a file or a zoo model), rather than a built-in's random ones. */
  public static boolean trainedWeights(String spec) {
    return spec.endsWith(".onnx") || spec.endsWith(".xbar") || ModelZoo.bundled().named(spec).isPresent();
  }

  /** The data set a model goes with when none is given: a zoo model's own, the paper's otherwise. */
  public static String defaultData(String spec) {
    if ("paper-convlstm".equals(spec)) return "mnist-seq";
    return spec == null ? "mnist8" : ModelZoo.bundled().named(spec).map(ZooModel::dataSpec).orElse("mnist8");
  }

  /** Defaults for a model spec; models from files get the CNN's. */
  public static Defaults defaults(String spec) {
    return "paper-convlstm".equals(spec) ? CONVLSTM : CNN;
  }
}
