package insitu.sdk;

import insitu.boards.Board;
import insitu.compiler.artifact.ArtifactReader;
import insitu.compiler.ir.Graph;
import insitu.sdk.data.Dataset;
import insitu.sdk.data.DatasetSplit;
import insitu.sdk.data.InputFeeding;
import insitu.sdk.job.ModelCatalog;
import insitu.runtime.session.Boards;
import insitu.sdk.job.DataSets;
import java.nio.file.Path;
import java.security.PublicKey;

/**
 * The entry point of the insitu SDK: load a model, deploy it on a board, predict and keep learning.
 *
 * <pre>{@code
 * try (DeployedModel m = Insitu.load("paper-cnn").deploy("sim")) {
 *   m.fineTune(Insitu.data("mnist8").train(), 2);
 *   int digit = m.predict(image);
 * }
 * }</pre>
 *
 * <p>Every method reports bad input with an {@link insitu.errors.InsituException} whose message
 * names what is wrong; board and link failures are {@link insitu.errors.BoardException}s.
 */
public final class Insitu {
  private Insitu() {}

  /**
   * A model: a built-in name ({@code paper-cnn}, {@code paper-convlstm}, untrained), a zoo model's
   * name ({@code paper-cnn-trained}, {@code lenet5-mnist}, {@code lenet5-fashion},
   * {@code dscnn-mnist}, {@code resnet-mnist}, trained), an ONNX file exported by PyTorch, or a
   * compiled {@code .xbar} artifact.
   */
  public static Model load(String model) {
    return load(model, 1);
  }

  /** As {@link #load(String)}, with the seed of a built-in model's initial weights. */
  public static Model load(String model, long seed) {
    if (model.endsWith(".xbar")) {
      var a = ArtifactReader.read(Path.of(model));
      return new Model(model, a.graph(), a.placement(), a.manifest().target());
    }
    Graph g = ModelCatalog.load(model, seed);
    return new Model(model, g);
  }

  /**
   * A {@code .xbar} artifact that must carry a valid Ed25519 signature by {@code verifyKey}'s
   * private key: an unsigned, tampered or otherwise signed artifact is refused with a
   * {@link insitu.errors.BadInputException} that says which. With a null key, as {@link #load(String)}.
   */
  public static Model load(Path artifact, PublicKey verifyKey) {
    var a = ArtifactReader.read(artifact, verifyKey);
    return new Model(artifact.toString(), a.graph(), a.placement(), a.manifest().target());
  }

  /**
   * The deployed model saved in {@code dir} by {@link DeployedModel#saveState}, as it was: same
   * model, placement, trainer state, learned counters and drift gains, on the board spec it was
   * deployed with (a simulated board gets its whole saved state back, so it computes bit for bit
   * what the saved one would have; a real board is read back). The newest valid save is used.
   *
   * @throws insitu.errors.BadInputException when {@code dir} holds no valid saved state
   */
  public static DeployedModel resume(Path dir) {
    return SavedDeployment.read(dir, null);
  }

  /** As {@link #resume(Path)}, on a board the caller opened (and closes): the same board as the one saved from. */
  public static DeployedModel resume(Path dir, Board board) {
    return SavedDeployment.read(dir, java.util.Objects.requireNonNull(board, "board"));
  }

  /** Whether {@code dir} holds a state saved by {@link DeployedModel#saveState} (or by a checkpointing run). */
  public static boolean hasSavedState(Path dir) {
    return SavedDeployment.exists(dir);
  }

  /**
   * A model built in Java (see {@code insitu.compiler.builder.ModelBuilder}), checked by the
   * compiler's passes (a layer whose sizes do not fit is refused here, naming it).
   */
  public static Model of(String name, Graph graph) {
    return new Model(name, insitu.compiler.Compiler.standard().load(insitu.compiler.ModelSource.graph(graph)));
  }

  /**
   * Opens a board: {@code sim}, {@code sim:ideal}, {@code sim:realistic},
   * {@code sim:paper?arrays=8&seed=3}, {@code serial:/dev/ttyUSB0}. Close it when done.
   */
  public static Board board(String spec) {
    return board(spec, 1);
  }

  /**
   * As {@link #board(String)}, with the seed a simulated board draws its stuck cells, noise and
   * device spread from, unless the spec names one ({@code seed=S}). Boards of one spec with
   * different seeds behave like different chips of one wafer.
   */
  public static Board board(String spec, long seed) {
    return Boards.open(spec, seed);
  }

  /**
   * Characterizes a board (stuck cells, SET response, read noise, as {@code insitu board selftest})
   * for {@link DeployOptions#withCalibration(insitu.runtime.calibrate.Calibration)}. It pulses the
   * board's sample cells: run it before deploying, on the board the model will live on.
   */
  public static insitu.runtime.calibrate.Calibration calibrate(Board board) {
    return insitu.runtime.calibrate.Selftest.run(board, insitu.runtime.calibrate.Selftest.Options.defaults());
  }

  /** Writes a calibration as {@code insitu board selftest --out} does, for {@link DeployOptions#withCalibration(Path)}. */
  public static void writeCalibration(insitu.runtime.calibrate.Calibration calibration, Path file) {
    insitu.runtime.calibrate.CalibrationJson.write(calibration, file);
  }

  /** A data set by name: {@code mnist8}, {@code mnist28}, {@code mnist-seq}, {@code idx:DIR}, {@code npy:X.npy,Y.npy}. */
  public static DatasetSplit data(String spec) {
    return DataSets.resolve(spec, 1);
  }

  /**
   * A data set by name, fed the way {@code model} expects its inputs: the built-in data sets'
   * [0, 1] values mapped onto the range the model declares (a zoo model's, an ONNX file's
   * {@code insitu.input_range}, an artifact's; e.g. [−1, 1]); values from {@code npy:} files are
   * taken as given, with a logged warning when they cannot be in that range.
   */
  public static DatasetSplit data(String spec, Model model) {
    return InputFeeding.feed(data(spec), spec, ModelCatalog.declaredRange(model.name()), org.tinylog.Logger::warn);
  }

  /** Convenience: the samples of a data set as a flat array, for {@link DeployedModel#predict(double[], int)}. */
  public static double[] samples(Dataset d) {
    return d.x();
  }
}
