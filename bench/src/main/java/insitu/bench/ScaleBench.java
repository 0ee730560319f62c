package insitu.bench;

import insitu.boards.BoardOpener;
import insitu.compiler.Compiler;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.Placement;
import insitu.compiler.mapping.Target;
import insitu.compiler.mapping.TargetTooSmallException;
import insitu.numeric.parallel.Workers;
import insitu.runtime.session.Programming;
import insitu.runtime.train.Predictor;
import insitu.sdk.data.Dataset;
import insitu.sdk.job.ModelCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The scale part (issue 20): steady in situ training and batched inference of CNNs on 28×28
 * digits from ~100 k to ~1 M weights (many tiles, many arrays), each against PyTorch on the same
 * network, each side alone on the machine ({@link ThroughputComparison}). The networks are defined
 * once, in the peer script, and exported from there as initialized, so both sides start from the
 * same weights: ours are programmed open loop onto a {@code sim} board with as many arrays as the
 * model needs (the paper's initialization leaves these deeper nets at chance), PyTorch trains the
 * module as defined (its BatchNorm in training mode; the compiler folds it into the convolution).
 */
final class ScaleBench {
  /** One network: its --model name in the peer script, its key in the report, the committed fixture of it (or null). */
  record Model(String name, String key, String fixture) {}

  static final List<Model> MODELS = List.of(new Model("mnist28-cnn", "mnist28", ProjectRoot.MNIST28_FIXTURE), new Model("edge-1m", "edge1m", null));
  /** Samples per update and per inference call on both sides, as the paper's. */
  static final int BATCH = 100;

  private ScaleBench() {}

  /** Measures every model on the first {@code s.trainSamples()} 28×28 training digits; puts the {@code scale_*} keys into {@code r}. */
  static void run(BenchSettings.Scale s, Dataset digits, long seed, Path root, Path work, Workers workers, Quiescence.Wait quiet,
                  Map<String, Object> r) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Dataset train = digits.subset(0, Math.min(digits.size(), s.trainSamples()));
    r.put("scale_train_samples", train.size());
    r.put("scale_warmup_epochs", s.warmupEpochs());
    r.put("scale_epochs_per_block", s.epochsPerBlock());
    r.put("scale_infer_passes_per_block", s.inferPasses());
    r.put("scale_batch", BATCH);
    r.put("scale_note", "subset of " + train.size() + " 28x28 training digits (trained and inferred on by both sides), "
        + s.warmupEpochs() + " untimed epochs, then blocks of " + s.epochsPerBlock() + " epochs / " + s.inferPasses()
        + " passes: sized to keep the part under ~3 minutes on two cores");
    r.put("scale_models", MODELS.stream().map(Model::key).toList());
    for (Model m : MODELS) measure(m, s, train, seed, root, Files.createDirectories(work.resolve("scale-" + m.key())), workers, quiet, r);
    Model small = MODELS.get(0), large = MODELS.get(MODELS.size() - 1);
    // How cost grows: time per sample, large over small, next to the weights' ratio.
    r.put("scale_weights_ratio", Stats.ratio(number(r, large, "weights"), number(r, small, "weights")));
    r.put("scale_train_time_ratio", Stats.ratio(number(r, small, "train_samples_per_second"), number(r, large, "train_samples_per_second")));
    r.put("scale_pytorch_train_time_ratio",
        Stats.ratio(number(r, small, "pytorch_train_samples_per_second"), number(r, large, "pytorch_train_samples_per_second")));
    r.put("scale_seconds", (System.nanoTime() - t0) / 1e9);
  }

  private static void measure(Model m, BenchSettings.Scale s, Dataset train, long seed, Path root, Path dir, Workers workers,
                              Quiescence.Wait quiet, Map<String, Object> r) throws InterruptedException {
    String p = "scale_" + m.key() + "_";
    r.put(p + "model", m.name());
    ThroughputComparison.Result none = new ThroughputComparison.Result(List.of(), List.of());
    ThroughputComparison.Result training = none, inference = none;
    try (PyTorchPeer torch = PyTorchPeer.start(root, train, dir, m.name())) {
      Path onnx = torch.available() ? torch.exportOnnx(dir.resolve(m.name() + ".onnx")) : null;
      if (onnx == null && m.fixture() != null && root != null) onnx = root.resolve(m.fixture());
      r.put(p + "parameters", torch.parameters());
      if (!torch.available()) r.put(p + "pytorch_unavailable_reason", torch.reason());
      r.put(p + "weights", null);
      r.put(p + "arrays", null);
      r.put(p + "tiles", null);
      r.put(p + "pulses_per_epoch", new long[0]);
      if (onnx == null) r.put(p + "unavailable_reason", "no ONNX model: " + torch.reason());
      else {
        Graph graph = ModelCatalog.load(onnx.toString(), seed);
        int arrays = arraysFor(graph);
        String board = "sim?arrays=" + arrays;
        r.put(p + "weights", graph.crossbarWeightCount());
        r.put(p + "arrays", arrays);
        r.put(p + "tiles", placement(graph, board).blocks().stream().mapToInt(b -> b.tiles().size()).sum());
        r.put(p + "board", board);
        try (TrainingBench t = new TrainingBench(graph, BATCH, train, board, new Programming.OpenLoop(), seed, workers)) {
          training = ThroughputComparison.run(torch, torch::train, t::epoch, workers.size(), s.warmupEpochs(), 1, s.epochsPerBlock(), quiet);
          r.put(p + "pulses_per_epoch", t.pulses());
          Predictor predictor = t.predictor(BATCH);
          inference = ThroughputComparison.run(torch, torch::infer, () -> pass(predictor, train), workers.size(), 1, 1, s.inferPasses(), quiet);
        }
      }
    }
    ThroughputComparison.report(training, r, p, "train");
    ThroughputComparison.report(inference, r, p, "infer_batched");
    // Cost per sample and weight: how far the time per sample grows with the weights.
    double weights = number(r, p + "weights");
    r.put(p + "train_ns_per_sample_weight", 1e9 / (number(r, p + "train_samples_per_second") * weights));
    r.put(p + "pytorch_train_ns_per_sample_weight", 1e9 / (number(r, p + "pytorch_train_samples_per_second") * weights));
  }

  /** Arrays of the {@code sim} board's geometry the model needs (the mapper says when one is too few). */
  static int arraysFor(Graph graph) {
    try {
      placement(graph, "sim");
      return 1;
    } catch (TargetTooSmallException e) {
      return e.arraysNeeded();
    }
  }

  private static Placement placement(Graph graph, String board) {
    return Compiler.standard().map(graph, Target.of(BoardOpener.spec(board))).placement();
  }

  /** One timed pass of batched inference over the digits; its samples/s. */
  private static double pass(Predictor predictor, Dataset digits) {
    long t0 = System.nanoTime();
    predictor.outputs(digits.values(), digits.sampleShape());
    return digits.size() / ((System.nanoTime() - t0) / 1e9);
  }

  private static double number(Map<String, Object> r, Model m, String key) {
    return number(r, "scale_" + m.key() + "_" + key);
  }

  private static double number(Map<String, Object> r, String key) {
    Object v = r.get(key);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
