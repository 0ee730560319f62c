package insitu.sdk.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.compiler.artifact.Artifact;
import insitu.compiler.artifact.ArtifactReader;
import insitu.compiler.artifact.ArtifactWriter;
import insitu.compiler.artifact.ModelNotes;
import insitu.compiler.ir.Graph;
import insitu.compiler.onnx.OnnxMetadata;
import insitu.errors.BadInputException;
import insitu.runtime.checkpoint.Checkpoint;
import insitu.sdk.data.Dataset;
import insitu.sdk.data.InputFeeding;
import insitu.sdk.data.NpyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code insitu export} checked in ONNX Runtime: a compiled model's ONNX computes what insitu
 * computes on the ideal board with exact programming (to float32), the zoo's exports compute what
 * PyTorch did, and an in situ trained model's export scores the board's accuracy.
 */
class ExportRoundTripTest {
  private static final String IDEAL = "sim:ideal?arrays=64";
  private static final Path ZOO_REFS = Path.of("src/test/resources/insitu/sdk/zoo");

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"paper-cnn, mnist8", "paper-convlstm, mnist-seq", "paper-cnn-trained, mnist8", "lenet5-mnist, mnist28", "resnet-mnist, mnist28",
      "dscnn-mnist, mnist28"})
  void onnxRuntimeComputesWhatTheIdealBoardComputes(String model, String data) throws Exception {
    assumeImportable(model);
    Path xbar = dir.resolve(model + ".xbar"), onnx = dir.resolve(model + ".onnx"), saved = dir.resolve(model + ".npy");
    CompileJob.run(new CompileJob.Request(model, IDEAL, xbar, null, null, null, 3));
    ExportJob.run(new ExportJob.Request(xbar, onnx));
    Map<String, Object> eval = EvalJob.run(new EvalJob.Request(xbar.toString(), data, IDEAL, "exact", saved, null, 2, 200, 1), msg -> {});
    double[] board = NpyReader.read(saved).toDoubles();

    Artifact a = ArtifactReader.read(xbar);
    Dataset test = InputFeeding.feed(TrainJob.resolveData(data, 1).test(), data, a.manifest().notes().declaredRange(), msg -> {});
    Graph g = a.graph();
    try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(onnx)) {
      assertEquals(g.outputs(), ort.outputNames());
      double[] scores = ort.run(test.x(), test.size(), test.sampleShape(), g.outputs().get(g.outputs().size() - 1));
      double rel = OnnxRuntimeRunner.relativeError(scores, board);
      System.out.printf("export %s: ONNX Runtime vs sim:ideal exact, max |diff| / max |out| = %.2g on %d samples; accuracy %.4f vs %.4f%n",
          model, rel, test.size(), OnnxRuntimeRunner.accuracy(scores, test.y()), (double) eval.get("accuracy"));
      assertTrue(rel <= 1e-5, model + ": relative error " + rel);
      assertEquals((double) eval.get("accuracy"), OnnxRuntimeRunner.accuracy(scores, test.y()), 1.0 / test.size(), model);
    }
  }

  /** The zoo's ONNX files through compile and export still compute PyTorch's logits (float64 references). */
  @ParameterizedTest
  @ValueSource(strings = {"paper-cnn-trained", "lenet5-mnist", "lenet5-fashion", "resnet-mnist", "dscnn-mnist"})
  void zooExportsComputeWhatPyTorchComputed(String model) throws Exception {
    assumeImportable(model);
    Path xbar = dir.resolve(model + ".xbar"), onnx = dir.resolve(model + ".onnx");
    CompileJob.run(new CompileJob.Request(model, IDEAL, xbar, null, null, null, 1));
    ExportJob.run(new ExportJob.Request(xbar, onnx, 13));
    Dataset refs = NpyReader.readDataset(ZOO_REFS.resolve(model + "_input.npy"), ZOO_REFS.resolve(model + "_labels.npy"));
    double[] pytorch = NpyReader.read(ZOO_REFS.resolve(model + "_output.npy")).toDoubles();
    try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(onnx)) {
      double[] scores = ort.run(refs.x(), refs.size(), refs.sampleShape(), "output");
      double rel = OnnxRuntimeRunner.relativeError(scores, pytorch);
      assertTrue(rel <= 1e-4, model + ": relative error " + rel + " against PyTorch");
    }
    Map<String, String> meta = OnnxMetadata.read(onnx);
    assertEquals(ModelCatalog.inputRange(model).orElseThrow().toString(), meta.get(ModelNotes.INPUT_RANGE));
    assertEquals(model, meta.get("insitu.model"));
    assertEquals(ArtifactReader.read(xbar).manifest().manifestSha256(), meta.get("insitu.artifact_sha256"));
  }

  /**
   * Done means: {@code train} → the trained artifact → {@code export} → ONNX Runtime scores the
   * board's accuracy within 1.5 points. The trained artifact is {@code <out>/model.xbar} when train
   * writes one, otherwise built here from the last checkpoint's read-back weights.
   */
  @Test void anInSituTrainedModelExportsWhatTheBoardLearned() throws Exception {
    Path out = dir.resolve("run");
    TrainRequest r = new TrainRequest("paper-cnn", "mnist8", "sim", 2, 100, Double.NaN, null, "rmsprop", "auto", 1, out);
    Map<String, Object> report = TrainJob.run(r, new insitu.runtime.train.TrainingListener() {}, msg -> {});
    Path trained = out.resolve("model.xbar");
    if (!Files.exists(trained)) trained = fromLastCheckpoint(out, (String) report.get("board"), (double) report.get("accuracy"));
    Path onnx = dir.resolve("trained.onnx");
    ExportJob.run(new ExportJob.Request(trained, onnx));
    Dataset test = TrainJob.resolveData("mnist8", 1).test();
    double ort;
    try (OnnxRuntimeRunner runner = new OnnxRuntimeRunner(onnx)) {
      ort = OnnxRuntimeRunner.accuracy(runner.run(test.x(), test.size(), test.sampleShape(), "fc_out"), test.y());
    }
    double board = (double) report.get("accuracy");
    System.out.printf("train -> export: the board scored %.4f, ONNX Runtime on the exported read-back weights %.4f%n", board, ort);
    assertTrue(board > 0.5, "two epochs should learn something: " + board);
    assertTrue(Math.abs(ort - board) <= 0.015, "board " + board + " vs ONNX Runtime " + ort);
    Map<String, String> meta = OnnxMetadata.read(onnx);
    assertEquals("0,1", meta.get(ModelNotes.INPUT_RANGE));
    assertTrue(meta.containsKey(ModelNotes.TRAINED_ON) && meta.containsKey(ModelNotes.TRAINING_RUN), meta.toString());
  }

  /** What {@code DeployedModel.checkpoint} writes: the read-back weights and trained biases, on the board's placement. */
  private Path fromLastCheckpoint(Path runDir, String board, double accuracy) {
    Checkpoint c = RunCheckpoints.store(runDir).loadLatest();
    Artifact a = ArtifactBytes.read(c.artifact(), runDir);
    Graph measured = FineTuneJob.measuredGraph(a.graph(), a.placement(), c.trainer());
    Path out = runDir.resolve("model.xbar");
    ModelNotes notes = ModelCatalog.notes("paper-cnn").trainedInSitu(board, runDir.toString(), "mnist8", accuracy);
    ArtifactWriter.write(measured, a.placement(), a.manifest().target(), null, out, null, notes);
    return out;
  }

  /** Models whose import awaits grouped/depthwise Conv (issue 16, item 2) are skipped until the importer has it; then they run. */
  static void assumeImportable(String model) {
    try {
      ModelCatalog.load(model, 1);
    } catch (BadInputException e) {
      Assumptions.assumeFalse(e.getMessage().contains("group="), model + " awaits grouped Conv in the importer: " + e.getMessage());
      throw e;
    }
  }
}
