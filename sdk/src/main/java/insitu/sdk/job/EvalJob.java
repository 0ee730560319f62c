package insitu.sdk.job;

import insitu.boards.Board;
import insitu.compiler.artifact.Artifact;
import insitu.compiler.artifact.ArtifactReader;
import insitu.compiler.artifact.SigningKeys;
import insitu.compiler.artifact.TargetCheck;
import insitu.compiler.ir.Graph;
import insitu.errors.BadInputException;
import insitu.report.ReportMap;
import insitu.runtime.program.ProgramReport;
import insitu.runtime.program.WriteVerifyOptions;
import insitu.runtime.session.Programmed;
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
import java.util.LinkedHashMap;
import java.util.Map;
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

  public static Map<String, Object> run(Request r, Consumer<String> note) {
    return run(r, LifecycleSteps.NONE, note);
  }

  /** With a calibration, ageing, drift compensation or recalibration ({@link LifecycleSteps}). */
  public static Map<String, Object> run(Request r, LifecycleSteps life, Consumer<String> note) {
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
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("command", "eval");
    report.put("model", r.model());
    report.put("data", r.data());
    try (Session s = Session.open(r.board(), r.seed())) {
      Board board = s.board();
      report.put("board", board.spec().name());
      life.ageSeconds(board); // refuse --age on a real board before programming anything
      var cal = Calibrations.resolve(life.calibration(), board, report, note);
      if (artifact != null) {
        String problem = TargetCheck.problem(artifact.placement(), board.spec());
        if (problem == null) {
          s.deploy(graph, artifact.placement(), cal);
          report.put("placement", "artifact");
          int blind = cal == null ? 0 : Calibrations.stuckUnknownTo(artifact.placement(), artifact.manifest().target().defects(), cal);
          if (blind > 0) {
            report.put("stuck_cells_under_artifact", blind);
            note.accept(blind + " stuck cell(s) of this board lie under the artifact's tiles (compiled for " + artifact.manifest().target().name()
                + " without them); 'insitu compile --calibration' places the weights around them");
          }
        } else {
          note.accept("the artifact's placement does not fit this board (" + problem + "); re-mapping the model onto it");
          s.deploy(graph, s.map(graph, cal).placement(), cal);
          report.put("placement", "re-mapped: " + problem);
        }
        report.put("signature_verified", artifact.manifest().signatureVerified());
      } else {
        var mapping = s.map(graph, cal);
        s.deploy(graph, mapping.placement(), cal);
        report.put("placement", cal == null ? "mapped" : "mapped with the calibration: " + mapping.describe());
      }
      WriteVerifyOptions wv = cal == null ? s.writeVerifyOptions().withTolerance(r.toleranceMicroSiemens() * 1e-6) : s.writeVerifyOptions();
      ReportMap program = new ReportMap().put("mode", r.program().label());
      if (r.program() == ProgramMode.EXACT) {
        Programmed p = s.program(new Programming.OpenLoop());
        program.put("cells", s.deployment().placement().devicesUsed()).put("pulses", p.pulses());
      } else {
        ProgramReport p = s.program(new Programming.WriteVerify(wv)).report();
        program.put("cells", p.cells()).put("converged", p.converged()).put("failed", p.failed()).put("stuck", p.stuck())
            .put("pulses", p.pulses()).put("pulses_per_cell", p.pulsesPerCell()).put("iterations", p.iterations())
            .put("tolerance_siemens", p.toleranceSiemens()).put("mean_abs_error_siemens", p.meanAbsErrorSiemens())
            .put("max_abs_error_siemens", p.maxAbsErrorSiemens()).put("seconds", p.seconds());
      }
      report.put("program", program.map());
      life.apply(s, wv, data, r.seed(), r.batch(), report, note);

      int n = test.size();
      double[] out = new Predictor(s.deployment().executor(), r.batch()).outputs(test.values(), test.sampleShape());
      int per = out.length / n;
      test.requireLabelsBelow(per);
      int correct = 0;
      for (int k = 0; k < n; k++) if (SoftmaxCrossEntropy.argmax(out, k, per) == test.y()[k]) correct++;
      report.put("accuracy", (double) correct / n);
      report.put("samples", n);
      report.put("outputs_per_sample", per);
      if (r.saveOutputs() != null) {
        NpyWriter.writeFloat32(r.saveOutputs(), new int[] {n, per}, out);
        report.put("outputs", r.saveOutputs().toString());
      }
      var c = board.counters();
      report.put("pulses", c.pulses());
      report.put("reads", c.cellReads());
      report.put("mvm_vectors", c.mvmVectors());
    }
    report.put("seconds", (System.nanoTime() - t0) / 1e9);
    return report;
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
