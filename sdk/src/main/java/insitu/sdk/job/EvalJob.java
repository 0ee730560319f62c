package insitu.sdk.job;

import insitu.numeric.parallel.Workers;
import insitu.boards.Board;
import insitu.compiler.artifact.Artifact;
import insitu.compiler.artifact.ArtifactReader;
import insitu.compiler.artifact.SigningKeys;
import insitu.compiler.artifact.TargetCheck;
import insitu.compiler.ir.Graph;
import insitu.errors.BadInputException;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.program.ProgramReport;
import insitu.runtime.program.WriteVerifyOptions;
import insitu.runtime.train.Predictor;
import insitu.runtime.train.SoftmaxCrossEntropy;
import insitu.errors.UsageException;
import insitu.compiler.InputRange;
import insitu.sdk.data.Dataset;
import insitu.sdk.data.DatasetSplit;
import insitu.sdk.data.InputFeeding;
import java.util.Optional;
import insitu.sdk.data.NpyWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Deploys a model on a board, programs its weights (exact open loop or write-verify), and
 * evaluates it on the test split of a data set.
 */
public final class EvalJob {
  private EvalJob() {}

  /**
   * @param program "write-verify" or "exact"
   * @param verifyKey Ed25519 public key file: when set, only artifacts signed with its private key are accepted
   * @param saveOutputs .npy file for the model outputs (N × outputs, float32), or null
   */
  public record Request(String model, String data, String board, String program, Path saveOutputs, Path verifyKey,
                        double toleranceMicroSiemens, int batch, long seed) {}

  public static Map<String, Object> run(Request r, Consumer<String> note) {
    return run(r, LifecycleSteps.NONE, note);
  }

  /** With a calibration, ageing, drift compensation or recalibration ({@link LifecycleSteps}). */
  public static Map<String, Object> run(Request r, LifecycleSteps life, Consumer<String> note) {
    long t0 = System.nanoTime();
    if (!r.program().equals("write-verify") && !r.program().equals("exact"))
      throw new UsageException("unknown programming mode '" + r.program() + "'; valid: write-verify, exact");
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
    DatasetSplit data = TrainJob.resolveData(r.data(), r.seed());
    Dataset test = InputFeeding.feed(data.test(), r.data(), range, note);
    checkShapes(graph, test, r);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("command", "eval");
    report.put("model", r.model());
    report.put("data", r.data());
    try (Workers workers = Workers.perCore(); Board board = TrainJob.openBoard(r.board(), r.seed(), workers)) {
      report.put("board", board.spec().name());
      life.ageSeconds(board); // refuse --age on a real board before programming anything
      var cal = Calibrations.resolve(life.calibration(), board, report, note);
      Deployment d;
      if (artifact != null) {
        String problem = TargetCheck.problem(artifact.placement(), board.spec());
        if (problem == null) {
          d = new Deployment(board, workers, graph, artifact.placement());
          report.put("placement", "artifact");
          int blind = cal == null ? 0 : Calibrations.stuckUnknownTo(artifact.placement(), artifact.manifest().target().defects(), cal);
          if (blind > 0) {
            report.put("stuck_cells_under_artifact", blind);
            note.accept(blind + " stuck cell(s) of this board lie under the artifact's tiles (compiled for " + artifact.manifest().target().name()
                + " without them); 'insitu compile --calibration' places the weights around them");
          }
        } else {
          note.accept("the artifact's placement does not fit this board (" + problem + "); re-mapping the model onto it");
          d = Placements.deploy(board, workers, graph, Placements.map(board, graph, cal));
          report.put("placement", "re-mapped: " + problem);
        }
        report.put("signature_verified", artifact.manifest().signatureVerified());
      } else {
        var mapping = Placements.map(board, graph, cal);
        d = Placements.deploy(board, workers, graph, mapping);
        report.put("placement", cal == null ? "mapped" : "mapped with the calibration: " + mapping.describe());
      }
      GateResponse response = cal == null ? GateResponse.paper() : cal.gateResponse();
      WriteVerifyOptions wv = cal == null
          ? WriteVerifyOptions.defaults(response.conductanceAt(TrainJob.VG0)).withTolerance(r.toleranceMicroSiemens() * 1e-6)
          : cal.writeVerifyOptions();
      var before = board.counters();
      Map<String, Object> program = new LinkedHashMap<>();
      program.put("mode", r.program());
      if (r.program().equals("exact")) {
        d.programOpenLoop(response, cal == null ? TrainJob.VG0 : response.gateFor(cal.centerSiemens()));
        program.put("cells", d.placement().devicesUsed());
        program.put("pulses", board.counters().minus(before).pulses());
      } else {
        ProgramReport p = cal == null ? d.programWriteVerify(response, wv) : insitu.runtime.calibrate.CalibratedDeployment.programWriteVerify(d, cal);
        program.put("cells", p.cells());
        program.put("converged", p.converged());
        program.put("failed", p.failed());
        program.put("stuck", p.stuck());
        program.put("pulses", p.pulses());
        program.put("pulses_per_cell", p.pulsesPerCell());
        program.put("iterations", p.iterations());
        program.put("tolerance_siemens", p.toleranceSiemens());
        program.put("mean_abs_error_siemens", p.meanAbsErrorSiemens());
        program.put("max_abs_error_siemens", p.maxAbsErrorSiemens());
        program.put("seconds", p.seconds());
      }
      report.put("program", program);
      life.apply(d, cal, response, wv, test, () -> InputFeeding.feed(data, r.data(), range, msg -> {}), r.seed(), r.batch(), report, note);

      int n = test.size();
      double[] out = new Predictor(d.executor(), r.batch()).outputs(test.x(), n, test.sampleShape());
      int per = n == 0 ? 0 : out.length / n;
      int correct = 0;
      for (int k = 0; k < n; k++) if (SoftmaxCrossEntropy.argmax(out, k, per) == test.y()[k]) correct++;
      report.put("accuracy", n == 0 ? Double.NaN : (double) correct / n);
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
    int[] want = graph.input().sampleShape(), got = data.sampleShape();
    boolean ok = want.length == got.length;
    for (int i = 0; ok && i < want.length; i++) ok = want[i] < 0 || want[i] == got[i];
    if (!ok)
      throw new BadInputException("data '" + r.data() + "' has samples of shape " + Arrays.toString(got) + " but model '" + r.model()
          + "' expects " + Arrays.toString(want));
  }
}
