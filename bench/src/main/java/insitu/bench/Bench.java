package insitu.bench;

import insitu.sdk.data.Dataset;
import insitu.sdk.data.DatasetSplit;
import insitu.sdk.data.BundledMnist;
import insitu.sdk.job.TrainJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One bench run: every measurement of insitu and its peers in the same invocation on the same
 * data, as one flat report (keys documented in docs/BENCHMARKS.md). Times are measured, never judged.
 */
final class Bench {
  /** Parts of a run that can be selected alone (for profiling one of them). */
  enum Part { train, pytorch, infer, onnxruntime, compile, convlstm, realistic, demo }

  private Bench() {}

  static Map<String, Object> run(BenchSettings s, java.util.Set<Part> parts) throws IOException, InterruptedException {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("date", LocalDate.now().toString());
    r.put("quick", s.quick());
    r.put("cores", Runtime.getRuntime().availableProcessors());
    r.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    // Filled in at the end: whether the weight gradients (decision 20) and the batch-1 products
    // (decision 21) ran on the Vector API.
    r.put("vector_api", false);
    r.put("vector_products", false);
    Path root = ProjectRoot.find();
    Path work = Files.createTempDirectory("insitu-bench");
    try {
      DatasetSplit mnist = BundledMnist.load().mnist8();
      Dataset train = s.quick() ? mnist.train().subset(0, s.trainSamples()) : mnist.train();
      Dataset test = s.quick() ? mnist.test().subset(0, s.batchedSamples()) : mnist.test();

      // Every peer is measured in alternating rounds (PyTorch, insitu, ONNX Runtime, PyTorch, …),
      // and each figure is the median of its rounds: this shared machine changes speed over
      // minutes (batch-1 latency has a fast and a slow mode lasting seconds), and a single
      // measurement per peer can land on two different speeds. The PyTorch peer runs while this
      // JVM is idle: with two OpenMP threads it collapses (10x measured) if our JIT compiler
      // threads are busy on one of the two cores. Its first round also exports the ONNX model.
      PyTorchPeer.Result torch = PyTorchPeer.Result.unavailable("not selected");
      TrainingBench.Result cnn = TrainingBench.Result.NONE;
      OnnxRuntimePeer.Result ort = new OnnxRuntimePeer.Result(false, "not selected", null, Double.NaN, Double.NaN);
      Rounds torchTrain = new Rounds(), cnnTrain = new Rounds(), torchLat = new Rounds(), torchP99 = new Rounds();
      Rounds simLat = new Rounds(), simP99 = new Rounds(), simBatched = new Rounds(), ortLat = new Rounds(), ortP99 = new Rounds();
      java.util.List<Double> cnnEpochs = new java.util.ArrayList<>();
      for (int round = 0; round < s.trainRounds(); round++) {
        if (parts.contains(Part.pytorch)) {
          PyTorchPeer.Result t = PyTorchPeer.run(root, train, s, work, round == 0);
          if (round == 0) torch = t;
          if (t.available()) {
            torchTrain.add(t.trainSamplesPerSecond());
            torchLat.add(t.medianMicros());
            torchP99.add(t.p99Micros());
          }
        }
        if (parts.contains(Part.train)) {
          // (1) and (7): in situ training of the paper CNN on the paper-physics board, training only.
          TrainingBench.Result c = TrainingBench.run("paper-cnn", train, "sim", s.trainWarmupEpochs(), s.trainEpochs(), s.seed());
          if (round == 0) cnn = c;
          cnnTrain.add(c.medianSamplesPerSecond());
          for (double e : c.samplesPerSecond()) cnnEpochs.add(e);
        }
        if (parts.contains(Part.infer)) {
          // (2): inference on the paper board, batch 1 and batched.
          InferenceBench.Result i = InferenceBench.run("sim", test, s);
          simLat.add(i.medianMicros());
          simP99.add(i.p99Micros());
          simBatched.add(i.batchedSamplesPerSecond());
        }
        if (parts.contains(Part.onnxruntime)) {
          Path onnx = torch.onnx() != null ? torch.onnx() : root == null ? null : root.resolve(ProjectRoot.PAPER_CNN_FIXTURE);
          OnnxRuntimePeer.Result o = OnnxRuntimePeer.run(onnx, test, s);
          if (round == 0) ort = o;
          if (o.available()) {
            ortLat.add(o.medianMicros());
            ortP99.add(o.p99Micros());
          }
        }
      }
      // The same statistic for every peer: the median of its per-round figures.
      r.put("measurement_rounds", s.trainRounds());
      r.put("pytorch_available", torch.available());
      if (!torch.available()) r.put("pytorch_unavailable_reason", torch.reason());
      r.put("pytorch_version", torch.version());
      r.put("pytorch_train_samples_per_second", torchTrain.median());
      r.put("pytorch_train_samples_per_second_per_round", torchTrain.values());
      r.put("pytorch_infer_batch1_median_us", torchLat.median());
      r.put("pytorch_infer_batch1_median_us_per_round", torchLat.values());
      r.put("pytorch_infer_batch1_p99_us", torchP99.median());

      r.put("train_samples", train.size());
      r.put("train_warmup_epochs", s.trainWarmupEpochs());
      r.put("train_rounds", s.trainRounds());
      r.put("train_samples_per_second", cnnTrain.median());
      r.put("train_samples_per_second_per_round", cnnTrain.values());
      r.put("train_samples_per_second_per_epoch", cnnEpochs.stream().mapToDouble(Double::doubleValue).toArray());
      r.put("pulses_per_epoch", cnn.pulses());
      r.put("reads_per_epoch", cnn.reads());

      // (3): the ideal board, once (it has no peer to alternate with).
      InferenceBench.Result ideal = parts.contains(Part.infer) ? InferenceBench.run("sim:ideal", test, s) : InferenceBench.Result.NONE;
      r.put("infer_batch1_median_us", simLat.median());
      r.put("infer_batch1_median_us_per_round", simLat.values());
      r.put("infer_batch1_p99_us", simP99.median());
      r.put("infer_batch1_ideal_median_us", ideal.medianMicros());
      r.put("infer_batch1_ideal_p99_us", ideal.p99Micros());
      r.put("infer_batched_samples_per_second", simBatched.median());
      r.put("infer_batched_ideal_samples_per_second", ideal.batchedSamplesPerSecond());

      r.put("onnxruntime_available", ort.available());
      if (!ort.available()) r.put("onnxruntime_unavailable_reason", ort.reason());
      r.put("onnxruntime_model", ort.model());
      r.put("onnxruntime_train_samples_per_second", null); // ONNX Runtime (inference build) does not train
      r.put("onnxruntime_infer_batch1_median_us", ortLat.median());
      r.put("onnxruntime_infer_batch1_median_us_per_round", ortLat.values());
      r.put("onnxruntime_infer_batch1_p99_us", ortP99.median());

      // Ratios: > 1 means insitu trains faster; < 1 means insitu answers faster.
      r.put("train_ratio_vs_pytorch", Stats.ratio(cnnTrain.median(), torchTrain.median()));
      r.put("infer_batch1_ratio_vs_pytorch", Stats.ratio(simLat.median(), torchLat.median()));
      r.put("infer_batch1_ratio_vs_onnxruntime", Stats.ratio(simLat.median(), ortLat.median()));

      // (4) compile time of the 28×28 fixture.
      r.put("compile_mnist28_ms", !parts.contains(Part.compile) ? Double.NaN
          : CompileBench.medianMillis(root == null ? null : root.resolve(ProjectRoot.MNIST28_FIXTURE), s.compileRepeats()));

      // (6) the ConvLSTM's training throughput.
      if (parts.contains(Part.convlstm)) {
        Dataset seq = TrainJob.resolveData("mnist-seq", s.seed()).train();
        Dataset seqTrain = seq.subset(0, Math.min(seq.size(), s.convLstmSamples()));
        TrainingBench.Result lstm = TrainingBench.run("paper-convlstm", seqTrain, "sim", s.convLstmWarmupEpochs(), s.convLstmEpochs(), s.seed());
        r.put("convlstm_train_samples", seqTrain.size());
        r.put("convlstm_train_warmup_epochs", s.convLstmWarmupEpochs());
        r.put("convlstm_train_samples_per_second", lstm.medianSamplesPerSecond());
      }
      // In situ training on the realistic board (per-device physics, read noise per output, the
      // readout chain): the board a robustness study runs on.
      if (parts.contains(Part.realistic)) {
        TrainingBench.Result real = TrainingBench.run("paper-cnn", train, "sim:realistic", s.realisticWarmupEpochs(), s.trainEpochs(), s.seed());
        r.put("train_realistic_samples_per_second", real.medianSamplesPerSecond());
      }
      // (5) the demo in a child JVM with a 64 MB heap (last: it is the longest).
      if (parts.contains(Part.demo)) {
        DemoHeapRun.Result demo = DemoHeapRun.run("64m", s.demoEpochs(), s.seed(), work);
        r.put("demo_epochs", s.demoEpochs());
        r.put("demo_xmx64m_completed", demo.completed());
        r.put("demo_xmx64m_seconds", demo.seconds());
        r.put("demo_xmx64m_accuracy", demo.accuracy());
        r.put("demo_peak_heap_mb", demo.peakHeapMb());
      }
      r.put("vector_api", insitu.boards.numeric.LaneDots.vectorInUse());
      r.put("vector_products", insitu.boards.sim.SimulatedBoard.vectorProductsInUse());
      return r;
    } finally {
      deleteTree(work);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    List<Path> all = new ArrayList<>();
    try (var walk = Files.walk(dir)) {
      walk.forEach(all::add);
    }
    for (int i = all.size() - 1; i >= 0; i--) Files.deleteIfExists(all.get(i));
  }
}
