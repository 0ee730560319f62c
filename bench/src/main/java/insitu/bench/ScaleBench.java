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
import insitu.sdk.job.TrainRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The scale part (issue 20): steady in situ training, batched inference and batch-1 latency of
 * CNNs on 28×28 digits from ~100 k to ~1 M weights (many tiles, many arrays), each against PyTorch
 * on the same network, each side alone on the machine ({@link ThroughputComparison}). The networks are defined
 * once, in the peer script; PyTorch trains each briefly and exports it, and both sides go on
 * training from those weights at the fine-tuning rate, as a device adapts a trained model (from
 * random weights, RMSprop at the paper's rate leaves these deeper nets at chance, and the paper's
 * initialization too). Ours are programmed open loop onto a {@code sim} board with as many arrays
 * as the model needs (write-verify of two million devices would take a minute); PyTorch trains the
 * module as defined (its BatchNorm in training mode; the compiler folds it into the convolution).
 */
final class ScaleBench {
  /**
   * One network: its --model name in the peer script, its key in the report, and the committed
   * fixture of it (trained; ours start from it when PyTorch cannot export the model) or null.
   */
  record Model(String name, String key, String fixture) {}

  static final List<Model> MODELS = List.of(new Model("mnist28-cnn", "mnist28", ProjectRoot.MNIST28_FIXTURE), new Model("edge-1m", "edge1m", null));
  /** Samples per update and per inference call on both sides, as the paper's. */
  static final int BATCH = 100;
  /** Both sides' RMSprop rate: what {@code insitu train} fine-tunes a model file's own weights at. */
  static final double LEARNING_RATE = TrainRequest.FINE_TUNE_LEARNING_RATE;

  private ScaleBench() {}

  /** Measures every model on the first {@code s.trainSamples()} 28×28 training digits; puts the {@code scale_*} keys into {@code r}. */
  static void run(BenchSettings.Scale s, Dataset digits, long seed, Path root, Path work, Workers workers, Quiescence.Wait quiet,
                  Map<String, Object> r) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Dataset train = digits.subset(0, Math.min(digits.size(), s.trainSamples()));
    r.put("scale_train_samples", train.size());
    r.put("scale_pretrain_epochs", s.pretrainEpochs());
    r.put("scale_learning_rate", LEARNING_RATE);
    r.put("scale_warmup_epochs", s.warmupEpochs());
    r.put("scale_epochs_per_block", s.epochsPerBlock());
    r.put("scale_infer_passes_per_block", s.inferPasses());
    r.put("scale_batch", BATCH);
    r.put("scale_note", "subset of " + train.size() + " 28x28 training digits (trained and inferred on by both sides), "
        + s.pretrainEpochs() + " epochs of pre-training in PyTorch, " + s.warmupEpochs() + " untimed epochs, then blocks of "
        + s.epochsPerBlock() + " epochs / " + s.inferPasses() + " passes: sized to keep the part under ~3 minutes on two cores");
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
    for (String k : List.of("weights", "arrays", "tiles", "board")) r.put(p + k, null);
    r.put(p + "pulses_per_epoch", new long[0]);
    r.put(p + "train_accuracy_per_epoch", new double[0]);
    r.put(p + "accuracy_end", Double.NaN);
    for (String k : List.of("infer_batch1_median_us", "pytorch_infer_batch1_median_us", "infer_batch1_ratio_vs_pytorch")) r.put(p + k, Double.NaN);
    r.put(p + "pytorch_infer_batch1_threads", 0);
    Sides sides = new Sides(new ThroughputComparison.Result(List.of(), List.of()), new ThroughputComparison.Result(List.of(), List.of()));
    List<String> peerArgs = List.of("--model", m.name(), "--lr", Double.toString(LEARNING_RATE), "--pretrain-epochs",
        Integer.toString(s.pretrainEpochs()));
    try (PyTorchPeer torch = PyTorchPeer.start(root, train, dir, peerArgs)) {
      Path onnx = torch.available() ? torch.exportOnnx(dir.resolve(m.name() + ".onnx")) : null;
      if (onnx == null && m.fixture() != null && root != null) onnx = root.resolve(m.fixture());
      r.put(p + "parameters", torch.parameters());
      r.put(p + "pytorch_accuracy_start", torch.startAccuracy());
      if (!torch.available()) r.put(p + "pytorch_unavailable_reason", torch.reason());
      if (onnx == null) r.put(p + "unavailable_reason", "no ONNX model: " + torch.reason());
      else sides = onBoard(ModelCatalog.load(onnx.toString(), seed), s, train, seed, torch, workers, quiet, p, r);
      r.put(p + "pytorch_accuracy_end", torch.accuracy());
    }
    ThroughputComparison.report(sides.training(), r, p, "train");
    ThroughputComparison.report(sides.inference(), r, p, "infer_batched");
    // CPU time per sample (each side's, in its own slots): what the work costs, whatever share of
    // the cores the machine gave it meanwhile.
    r.put(p + "train_cpu_us_per_sample", cpuMicrosPerSample(sides.training(), Slot.INSITU, 0, train.size()));
    r.put(p + "pytorch_train_cpu_us_per_sample",
        cpuMicrosPerSample(sides.training(), Slot.PYTORCH, sides.training().pytorch().best(), train.size()));
    // Cost per sample and weight: how far the time per sample grows with the weights.
    double weights = number(r, p + "weights");
    r.put(p + "train_ns_per_sample_weight", 1e9 / (number(r, p + "train_samples_per_second") * weights));
    r.put(p + "pytorch_train_ns_per_sample_weight", 1e9 / (number(r, p + "pytorch_train_samples_per_second") * weights));
  }

  /** A model's training and batched-inference comparisons. */
  private record Sides(ThroughputComparison.Result training, ThroughputComparison.Result inference) {}

  /** The model on a {@code sim} board of as many arrays as it needs, programmed open loop, against the peer. */
  private static Sides onBoard(Graph graph, BenchSettings.Scale s, Dataset train, long seed, PyTorchPeer torch, Workers workers,
                               Quiescence.Wait quiet, String p, Map<String, Object> r) throws InterruptedException {
    int arrays = arraysFor(graph);
    String board = "sim?arrays=" + arrays;
    r.put(p + "weights", graph.crossbarWeightCount());
    r.put(p + "arrays", arrays);
    r.put(p + "tiles", placement(graph, board).blocks().stream().mapToInt(b -> b.tiles().size()).sum());
    r.put(p + "board", board);
    try (TrainingBench t = new TrainingBench(graph, BATCH, LEARNING_RATE, train, board, new Programming.OpenLoop(), seed, workers)) {
      var training = ThroughputComparison.run(torch, torch::train, t::epoch, workers.size(), s.warmupEpochs(), 1, s.epochsPerBlock(), quiet);
      r.put(p + "pulses_per_epoch", t.pulses());
      r.put(p + "train_accuracy_per_epoch", t.trainAccuracy());
      Predictor predictor = t.predictor(BATCH);
      var inference = ThroughputComparison.run(torch, torch::infer, () -> pass(predictor, train), workers.size(), 1, 1, s.inferPasses(), quiet);
      r.put(p + "accuracy_end", accuracy(predictor, train));
      batch1(torch, new Batch1Calls(t.executor(), train), s, workers.size(), quiet, p, r);
      return new Sides(training, inference);
    }
  }

  /**
   * Batch-1 latency, each side alone: a PyTorch block at one and two threads, ours, PyTorch again
   * ({@link LatencyComparison}); the medians at each side's best.
   */
  private static void batch1(PyTorchPeer torch, Batch1Calls ours, BenchSettings.Scale s, int ourThreads, Quiescence.Wait quiet, String p,
                             Map<String, Object> r) throws InterruptedException {
    LatencyComparison.Result c = LatencyComparison.run(torch, ours, ourThreads, new LatencyComparison.OrtSessions(List.of(), List.of()),
        s.latencyCalls(), s.latencyCalls(), 1, 1, quiet);
    PeerThreads peer = c.peer(Slot.PYTORCH);
    r.put(p + "infer_batch1_median_us", Stats.median(c.ours()));
    r.put(p + "pytorch_infer_batch1_median_us", peer.median());
    r.put(p + "pytorch_infer_batch1_threads", peer.best());
    r.put(p + "infer_batch1_ratio_vs_pytorch", Stats.ratio(Stats.median(c.ours()), peer.median()));
  }

  /** The median CPU time of a side's slots (PyTorch's at {@code threads}) per sample, in µs; NaN without slots. */
  private static double cpuMicrosPerSample(ThroughputComparison.Result c, String side, int threads, int samples) {
    double[] cpu = c.slots().stream().filter(s -> s.side().equals(side) && (side.equals(Slot.INSITU) || s.threads() == threads))
        .mapToDouble(s -> side.equals(Slot.INSITU) ? s.insituCpuSeconds() : s.peerCpuSeconds()).toArray();
    return Stats.median(cpu) * 1e6 / samples;
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

  /** The fraction of the digits the model classifies right. */
  private static double accuracy(Predictor predictor, Dataset digits) {
    double[] logits = predictor.outputs(digits.values(), digits.sampleShape());
    int classes = logits.length / digits.size(), right = 0;
    for (int i = 0; i < digits.size(); i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) if (logits[i * classes + c] > logits[i * classes + best]) best = c;
      if (best == digits.y()[i]) right++;
    }
    return (double) right / digits.size();
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
