package insitu.sdk.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.compiler.artifact.Artifact;
import insitu.compiler.artifact.ArtifactReader;
import insitu.compiler.artifact.ModelNotes;
import insitu.compiler.ir.Graph;
import insitu.compiler.onnx.OnnxMetadata;
import insitu.sdk.data.Dataset;
import insitu.sdk.data.InputFeeding;
import insitu.sdk.data.NpyReader;
import java.nio.file.Path;
import java.util.Map;
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
    Path xbar = dir.resolve(model + ".xbar"), onnx = dir.resolve(model + ".onnx"), saved = dir.resolve(model + ".npy");
    CompileJob.run(new CompileJob.Request(model, IDEAL, xbar, null, null, null, 3));
    ExportJob.run(new ExportJob.Request(xbar, onnx));
    EvalJob.Report eval = EvalJob.run(new EvalJob.Request(xbar.toString(), data, IDEAL, ProgramMode.EXACT, saved, null, 2, 200, 1), msg -> {});
    double[] board = NpyReader.read(saved).toDoubles();

    Artifact a = ArtifactReader.read(xbar);
    Dataset test = InputFeeding.feed(DataSets.resolve(data, 1).test(), data, a.manifest().notes().declaredRange(), msg -> {});
    Graph g = a.graph();
    try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(onnx)) {
      assertEquals(g.outputs(), ort.outputNames());
      double[] scores = ort.run(test.x(), test.size(), test.sampleShape(), g.outputs().get(g.outputs().size() - 1));
      double rel = OnnxRuntimeRunner.relativeError(scores, board);
      System.out.printf("export %s: ONNX Runtime vs sim:ideal exact, max |diff| / max |out| = %.2g on %d samples; accuracy %.4f vs %.4f%n",
          model, rel, test.size(), OnnxRuntimeRunner.accuracy(scores, test.y()), eval.accuracy());
      assertTrue(rel <= 1e-5, model + ": relative error " + rel);
      assertEquals(eval.accuracy(), OnnxRuntimeRunner.accuracy(scores, test.y()), 1.0 / test.size(), model);
    }
  }

  /** The zoo's ONNX files through compile and export still compute PyTorch's logits (float64 references). */
  @ParameterizedTest
  @ValueSource(strings = {"paper-cnn-trained", "lenet5-mnist", "lenet5-fashion", "resnet-mnist", "dscnn-mnist"})
  void zooExportsComputeWhatPyTorchComputed(String model) throws Exception {
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
   * Done means: {@code train} → its trained artifact {@code <out>/model.xbar} → {@code export} →
   * ONNX Runtime scores the board's accuracy within 1.5 points.
   */
  @Test void anInSituTrainedModelExportsWhatTheBoardLearned() throws Exception {
    Path out = dir.resolve("run");
    TrainRequest r = TrainRequest.of("paper-cnn", "mnist8", "sim", 2, 100, 1, out);
    TrainReport report = TrainJob.run(r, new insitu.runtime.train.TrainingListener() {}, msg -> {});
    Path trained = out.resolve("model.xbar");
    assertEquals(trained, report.files().trainedModel());
    Path onnx = dir.resolve("trained.onnx");
    ExportJob.run(new ExportJob.Request(trained, onnx));
    Dataset test = DataSets.resolve("mnist8", 1).test();
    double ort;
    try (OnnxRuntimeRunner runner = new OnnxRuntimeRunner(onnx)) {
      ort = OnnxRuntimeRunner.accuracy(runner.run(test.x(), test.size(), test.sampleShape(), "fc_out"), test.y());
    }
    double board = report.outcome().accuracy();
    System.out.printf("train -> export: the board scored %.4f, ONNX Runtime on the exported read-back weights %.4f%n", board, ort);
    assertTrue(board > 0.5, "two epochs should learn something: " + board);
    assertTrue(Math.abs(ort - board) <= 0.015, "board " + board + " vs ONNX Runtime " + ort);
    Map<String, String> meta = OnnxMetadata.read(onnx);
    assertEquals("0,1", meta.get(ModelNotes.INPUT_RANGE));
    assertEquals(report.settings().board(), meta.get(ModelNotes.TRAINED_ON));
    assertEquals(out.toString(), meta.get(ModelNotes.TRAINING_RUN));
    assertEquals("mnist8", meta.get(ModelNotes.TRAINING_DATA));
  }
}
