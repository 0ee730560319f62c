package insitu.sdk.job;

import com.google.gson.annotations.JsonAdapter;
import insitu.boards.Board;
import insitu.compiler.artifact.Artifact;
import insitu.compiler.artifact.ArtifactReader;
import insitu.compiler.artifact.SigningKeys;
import insitu.compiler.artifact.TargetCheck;
import insitu.compiler.ir.Graph;
import insitu.errors.BadInputException;
import insitu.runtime.program.WriteVerifyOptions;
import insitu.runtime.session.Programming;
import insitu.runtime.session.Session;
import insitu.runtime.train.Predictor;
import insitu.runtime.train.SoftmaxCrossEntropy;
import insitu.errors.UsageException;
import insitu.compiler.InputRange;
import insitu.sdk.data.Dataset;
import insitu.sdk.data.DatasetSplit;
import insitu.sdk.data.InputFeeding;
import insitu.sdk.data.NpyWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Deploys a model on a board, programs its weights (exact open loop or write-verify), and
 * evaluates it on the test split of a data set.
 */
public final class EvalJob {
  private EvalJob() {}

  /**
   * @param program closed loop or one open-loop shot
   * @param verifyKey Ed25519 public key file: when set, only artifacts signed with its private key are accepted
   * @param saveOutputs .npy file for the model outputs (N × outputs, float32), or null
   */
  public record Request(String model, String data, String board, ProgramMode program, Path saveOutputs, Path verifyKey,
                        double toleranceMicroSiemens, int batch, long seed) {}

  /**
   * What the evaluation found.
   *
   * @param calibration the calibration used, if any
   * @param placement where the weights went: the artifact's placement, or mapped here (and why)
   * @param stuckCellsUnderArtifact stuck cells of this board's calibration under an artifact's tiles that it was compiled without
   * @param signatureVerified for an artifact, whether its signature was checked
   * @param lifecycle what ageing, drift compensation and recalibration did, if any ran
   * @param outputs where the model outputs were saved, if they were
   */
  public record Report(String command, String model, String data, String board, Optional<CalibrationSummary> calibration, String placement,
                       Optional<Integer> stuckCellsUnderArtifact, Optional<Boolean> signatureVerified, ProgramSummary program,
                       Optional<LifecycleSteps.Report> lifecycle, double accuracy, int samples, int outputsPerSample,
                       Optional<Path> outputs, @JsonAdapter(JsonReport.Inline.class) BoardUse boardUse, double seconds) {}

  public static Report run(Request r, Consumer<String> note) {
    return run(r, LifecycleSteps.NONE, note);
  }

  /** With a calibration, ageing, drift compensation or recalibration ({@link LifecycleSteps}). */
  public static Report run(Request r, LifecycleSteps life, Consumer<String> note) {
    long t0 = System.nanoTime();
    if (r.batch() < 1) throw new UsageException("batch must be >= 1");
    if (!(r.toleranceMicroSiemens() > 0)) throw new UsageException("tolerance must be > 0 µS");
    Artifact artifact = null;
    Graph graph;
    Optional<InputRange> range;
    if (r.model() != null && r.model().endsWith(".xbar")) {
      artifact = ArtifactReader.read(Path.of(r.model()), r.verifyKey() == null ? null : SigningKeys.readPublic(r.verifyKey()));
      graph = artifact.graph();
      range = artifact.manifest().notes().declaredRange();
    } else {
      if (r.verifyKey() != null) throw new UsageException("--verify-key applies to .xbar artifacts only; '" + r.model() + "' is not one");
      graph = ModelCatalog.load(r.model(), r.seed());
      range = ModelCatalog.inputRange(r.model());
    }
    // Fed in the model's input range; the training half is read only if recalibration fine-tunes on it.
    DatasetSplit data = InputFeeding.feed(DataSets.resolve(r.data(), r.seed()), r.data(), range, note);
    Dataset test = data.test();
    checkShapes(graph, test, r);
    try (Session s = Session.open(r.board(), r.seed())) {
      Board board = s.board();
      life.ageSeconds(board); // refuse --age on a real board before programming anything
      var resolved = Calibrations.resolve(life.calibration(), board, note);
      var cal = resolved.map(Calibrations.Resolved::calibration).orElse(null);
      String placement;
      Optional<Integer> stuckUnderArtifact = Optional.empty();
      Optional<Boolean> signatureVerified = Optional.empty();
      if (artifact != null) {
        String problem = TargetCheck.problem(artifact.placement(), board.spec());
        if (problem == null) {
          s.deploy(graph, artifact.placement(), cal);
          placement = "artifact";
          int blind = cal == null ? 0 : Calibrations.stuckUnknownTo(artifact.placement(), artifact.manifest().target().defects(), cal);
          if (blind > 0) {
            stuckUnderArtifact = Optional.of(blind);
            note.accept(blind + " stuck cell(s) of this board lie under the artifact's tiles (compiled for " + artifact.manifest().target().name()
                + " without them); 'insitu compile --calibration' places the weights around them");
          }
        } else {
          note.accept("the artifact's placement does not fit this board (" + problem + "); re-mapping the model onto it");
          s.deploy(graph, s.map(graph, cal).placement(), cal);
          placement = "re-mapped: " + problem;
        }
        signatureVerified = Optional.of(artifact.manifest().signatureVerified());
      } else {
        var mapping = s.map(graph, cal);
        s.deploy(graph, mapping.placement(), cal);
        placement = cal == null ? "mapped" : "mapped with the calibration: " + mapping.describe();
      }
      WriteVerifyOptions wv = cal == null ? s.writeVerifyOptions().withTolerance(r.toleranceMicroSiemens() * 1e-6) : s.writeVerifyOptions();
      ProgramSummary program = r.program() == ProgramMode.EXACT
          ? new ProgramSummary.Exact(s.deployment().placement().devicesUsed(), s.program(new Programming.OpenLoop()).pulses())
          : ProgramSummary.WriteVerify.of(s.program(new Programming.WriteVerify(wv)).report());
      Optional<LifecycleSteps.Report> lifecycle = life.apply(s, wv, data, r.seed(), r.batch(), note);

      int n = test.size();
      double[] out = new Predictor(s.deployment().executor(), r.batch()).outputs(test.values(), test.sampleShape());
      int per = out.length / n;
      test.requireLabelsBelow(per);
      int correct = SoftmaxCrossEntropy.correct(out, test.y(), n, per);
      if (r.saveOutputs() != null) NpyWriter.writeFloat32(r.saveOutputs(), new int[] {n, per}, out);
      return new Report("eval", r.model(), r.data(), board.spec().name(), resolved.map(Calibrations.Resolved::summary), placement,
          stuckUnderArtifact, signatureVerified, program, lifecycle, (double) correct / n, n, per, Optional.ofNullable(r.saveOutputs()),
          BoardUse.of(board.counters()), (System.nanoTime() - t0) / 1e9);
    }
  }

  /** A clear one-line refusal beats an executor error deep inside the first layer. */
  private static void checkShapes(Graph graph, Dataset data, Request r) {
    if (data.size() == 0) throw new BadInputException("data '" + r.data() + "': the test split holds no samples");
    int[] want = graph.input().sampleShape(), got = data.sampleShape();
    boolean ok = want.length == got.length;
    for (int i = 0; ok && i < want.length; i++) ok = want[i] < 0 || want[i] == got[i];
    if (!ok)
      throw new BadInputException("data '" + r.data() + "' has samples of shape " + Arrays.toString(got) + " but model '" + r.model()
          + "' expects " + Arrays.toString(want));
  }
}
