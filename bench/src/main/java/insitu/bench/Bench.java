package insitu.bench;

import insitu.boards.capability.VectorKernels;
import insitu.numeric.parallel.Workers;
import insitu.sdk.data.BundledMnist;
import insitu.sdk.data.Dataset;
import insitu.sdk.data.DatasetSplit;
import insitu.runtime.session.Boards;
import insitu.sdk.job.DataSets;
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
  enum Part { train, pytorch, infer, onnxruntime, compile, convlstm, realistic, scale, command, demo, wall }

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
    // One set of workers for every part: the Vector API trials it runs decide for all of them.
    Workers workers = Workers.perCore();
    try {
      DatasetSplit mnist = BundledMnist.load().mnist8();
      Dataset train = s.quick() ? mnist.train().subset(0, s.trainSamples()) : mnist.train();
      Dataset test = s.quick() ? mnist.test().subset(0, s.batchedSamples()) : mnist.test();

      // Each side measures alone (decision 52): PyTorch's blocks before, between and after ours,
      // after our JVM has gone idle, at one and two threads; every slot records both sides' CPU.
      int rounds = Math.min(3, s.slots()), perBlock = (s.slots() + rounds - 1) / rounds;
      Quiescence.Wait quiet = Quiescence.ours(s.quick() ? 1 : 50);
      long[] pulses = new long[0], reads = new long[0];
      double batched = Double.NaN;
      String ortModel = null;
      boolean ortAvailable = false;
      String ortReason = "not selected";
      try (PyTorchPeer torch = parts.contains(Part.pytorch) ? PyTorchPeer.start(root, train, work, List.of()) : PyTorchPeer.unavailable("not selected")) {
        // (1) and (7): in situ training of the paper CNN on the paper-physics board, training only.
        try (TrainingBench cnn = parts.contains(Part.train) ? new TrainingBench("paper-cnn", train, "sim", s.seed(), workers) : null) {
          ThroughputComparison.report(
              ThroughputComparison.run(torch, cnn == null ? null : cnn::epoch, workers.size(), s.trainWarmupEpochs(), rounds, perBlock, quiet), r);
          if (cnn != null) {
            pulses = cnn.pulses();
            reads = cnn.reads();
          }
        }
        // (2): inference on the paper board, batch 1, next to PyTorch and ONNX Runtime (on the
        // model PyTorch has just trained, or the committed fixture without PyTorch).
        Path onnx = torch.available() ? torch.exportOnnx(work.resolve("paper_cnn_peer.onnx")) : null;
        if (onnx == null && root != null) onnx = root.resolve(ProjectRoot.PAPER_CNN_FIXTURE);
        try (InferenceBench sim = parts.contains(Part.infer) ? new InferenceBench("sim", test, s.seed(), workers) : null;
             OnnxRuntimePeer ort = parts.contains(Part.onnxruntime) ? OnnxRuntimePeer.open(onnx, test, 1) : OnnxRuntimePeer.unavailable("not selected");
             OnnxRuntimePeer ort2 = parts.contains(Part.onnxruntime) ? OnnxRuntimePeer.open(onnx, test, 2) : OnnxRuntimePeer.unavailable("not selected")) {
          List<OnnxRuntimePeer> orts = new ArrayList<>();
          List<Integer> ortThreads = new ArrayList<>();
          if (ort.available()) { orts.add(ort); ortThreads.add(1); }
          if (ort2.available()) { orts.add(ort2); ortThreads.add(2); }
          LatencyComparison.report(LatencyComparison.run(torch, sim == null ? null : sim.calls(), workers.size(), new LatencyComparison.OrtSessions(orts, ortThreads),
              s.latencyWarmup(), s.latencyRuns(), rounds, perBlock, quiet), r);
          if (sim != null) batched = sim.batchedSamplesPerSecond(s.batchedSamples());
          ortAvailable = ort.available();
          ortReason = ort.reason();
          ortModel = ort.model();
        }
        r.put("measurement_rounds", s.slots());
        r.put("pytorch_available", torch.available());
        if (!torch.available()) r.put("pytorch_unavailable_reason", torch.reason());
        r.put("pytorch_version", torch.version());
      }
      // The same peer script alone (a fresh process, the serving one gone, our JVM idle), at the
      // best thread counts found above.
      if (parts.contains(Part.pytorch))
        StandalonePeer.report(
            StandalonePeer.run(root, work, threads(r.get("pytorch_train_threads")), s.trainWarmupEpochs(), s.slots(), 0, 0, quiet),
            StandalonePeer.run(root, work, threads(r.get("pytorch_infer_threads")), 0, 0, s.latencyWarmup(), s.latencyRuns(), quiet), r);

      r.put("train_samples", train.size());
      r.put("train_warmup_epochs", s.trainWarmupEpochs());
      r.put("train_rounds", s.slots());
      r.put("pulses_per_epoch", pulses);
      r.put("reads_per_epoch", reads);

      // (3): the ideal board, once (it has no peer to alternate with).
      Latency ideal = Latency.NONE;
      double idealBatched = Double.NaN;
      if (parts.contains(Part.infer))
        try (InferenceBench b = new InferenceBench("sim:ideal", test, s.seed(), workers)) {
          b.latency(s.latencyWarmup(), 0);
          ideal = b.latency(0, s.latencyRuns() * s.slots());
          idealBatched = b.batchedSamplesPerSecond(s.batchedSamples());
        }
      r.put("infer_batch1_ideal_median_us", ideal.medianMicros());
      r.put("infer_batch1_ideal_p99_us", ideal.p99Micros());
      r.put("infer_batched_samples_per_second", batched);
      r.put("infer_batched_ideal_samples_per_second", idealBatched);

      r.put("onnxruntime_available", ortAvailable);
      if (!ortAvailable) r.put("onnxruntime_unavailable_reason", ortReason);
      r.put("onnxruntime_model", ortModel);
      r.put("onnxruntime_train_samples_per_second", null); // ONNX Runtime (inference build) does not train

      // (4) compile time of the 28×28 fixture.
      r.put("compile_mnist28_ms", !parts.contains(Part.compile) ? Double.NaN
          : CompileBench.medianMillis(root == null ? null : root.resolve(ProjectRoot.MNIST28_FIXTURE), s.compileRepeats()));

      // (6) the ConvLSTM's training throughput.
      if (parts.contains(Part.convlstm)) {
        Dataset seq = DataSets.resolve("mnist-seq", s.seed()).train();
        Dataset seqTrain = seq.subset(0, Math.min(seq.size(), s.convLstmSamples()));
        TrainingBench.Result lstm = TrainingBench.run("paper-convlstm", seqTrain, "sim", s.convLstmWarmupEpochs(), s.convLstmEpochs(), s.seed(), workers);
        r.put("convlstm_train_samples", seqTrain.size());
        r.put("convlstm_train_warmup_epochs", s.convLstmWarmupEpochs());
        r.put("convlstm_train_samples_per_second", lstm.medianSamplesPerSecond());
      }
      // In situ training on the realistic board (per-device physics, read noise per output, the
      // readout chain): the board a robustness study runs on.
      if (parts.contains(Part.realistic)) {
        TrainingBench.Result real = TrainingBench.run("paper-cnn", train, "sim:realistic", s.realisticWarmupEpochs(), s.realisticEpochs(), s.seed(), workers);
        r.put("train_realistic_samples_per_second", real.medianSamplesPerSecond());
      }
      // Models ~100 and ~1,000 times the paper CNN on 28×28 digits, against PyTorch on the same networks.
      if (parts.contains(Part.scale)) ScaleBench.run(s.scale(), BundledMnist.load().mnist28().train(), s.seed(), root, work, workers, quiet, r);
      r.put("vector_api", insitu.numeric.kernel.LaneDots.vectorInUse(workers.trials()));
      try (insitu.boards.Board b = Boards.open("sim", s.seed(), workers)) {
        r.put("vector_products", b.capability(VectorKernels.class).map(VectorKernels::vectorProductsInUse).orElse(false));
      }
      workers.close(); // the child JVMs below run with our JVM idle: no workers or trials left
      // What users run: `insitu train` on the paper CNN (the demo's 15 epochs) in a child JVM, next to the bench loop.
      if (parts.contains(Part.command))
        TrainCommandRun.report(TrainCommandRun.run(s.demoEpochs(), s.seed(), work, quiet), s.demoEpochs(), r);
      // `./insitu demo` and the PyTorch script doing the same job, whole commands timed as a user times them.
      if (parts.contains(Part.wall))
        DemoWallTimes.report(DemoWallTimes.run(root, s.wallRounds(), s.quick() ? 1 : s.demoEpochs(), work, quiet), s.wallRounds(), r);
      // (5) the demo in a child JVM with a 64 MB heap (last: it is the longest).
      if (parts.contains(Part.demo)) {
        DemoHeapRun.Result demo = DemoHeapRun.run("64m", s.demoEpochs(), s.seed(), work);
        r.put("demo_epochs", s.demoEpochs());
        r.put("demo_xmx64m_completed", demo.completed());
        r.put("demo_xmx64m_seconds", demo.seconds());
        r.put("demo_xmx64m_accuracy", demo.accuracy());
        r.put("demo_peak_heap_mb", demo.peakHeapMb());
      }
      return r;
    } finally {
      workers.close();
      deleteTree(work);
    }
  }

  private static int threads(Object best) {
    return best instanceof Integer t && t > 0 ? t : 1;
  }

  private static void deleteTree(Path dir) throws IOException {
    List<Path> all = new ArrayList<>();
    try (var walk = Files.walk(dir)) {
      walk.forEach(all::add);
    }
    for (int i = all.size() - 1; i >= 0; i--) Files.deleteIfExists(all.get(i));
  }
}
