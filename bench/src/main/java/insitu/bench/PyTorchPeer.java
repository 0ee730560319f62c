package insitu.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import insitu.sdk.data.Dataset;
import insitu.sdk.data.NpyWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The PyTorch peer: tools/bench/pytorch_peer.py in a child process on the same digits, same batch
 * and thread count. Missing Python or torch makes the peer unavailable, never a failure.
 */
final class PyTorchPeer {
  static final String PYTHON = "/usr/bin/python3";

  /** Null fields when unavailable; {@code reason} says why. */
  record Result(boolean available, String reason, String version, double trainSamplesPerSecond, double medianMicros, double p99Micros,
                Path onnx) {
    static Result unavailable(String reason) {
      return new Result(false, reason, null, Double.NaN, Double.NaN, Double.NaN, null);
    }
  }

  private PyTorchPeer() {}

  /** @param exportOnnx also export the trained model for ONNX Runtime (the first round) */
  static Result run(Path root, Dataset train, BenchSettings s, Path workDir, boolean exportOnnx) {
    if (root == null) return Result.unavailable("project root not found (set -Dinsitu.root)");
    Path script = root.resolve(ProjectRoot.PEER_SCRIPT);
    if (!Files.isExecutable(Path.of(PYTHON))) return Result.unavailable(PYTHON + " not found");
    try {
      Path x = workDir.resolve("x.npy"), y = workDir.resolve("y.npy"), onnx = workDir.resolve("paper_cnn_peer.onnx");
      NpyWriter.writeFloat32(x, new int[] {train.size(), 1, 8, 8}, train.x());
      double[] labels = new double[train.size()];
      for (int i = 0; i < labels.length; i++) labels[i] = train.y()[i];
      NpyWriter.writeFloat32(y, new int[] {train.size()}, labels);
      Path out = workDir.resolve("pytorch.out"), err = workDir.resolve("pytorch.err");
      List<String> command = new java.util.ArrayList<>(List.of(PYTHON, script.toString(), x.toString(), y.toString(), "--threads", "2",
          "--warmup-epochs", Integer.toString(s.trainWarmupEpochs()), "--epochs", Integer.toString(s.trainEpochs()), "--batch", "100",
          "--latency-runs", Integer.toString(s.latencyRuns()), "--latency-warmup", Integer.toString(s.latencyWarmup())));
      if (exportOnnx) command.addAll(List.of("--onnx-out", onnx.toString()));
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return Result.unavailable("timed out");
      }
      if (p.exitValue() != 0) return Result.unavailable(lastLine(err));
      String json = lastLine(out);
      JsonObject o = JsonParser.parseString(json).getAsJsonObject();
      return new Result(true, null, o.get("torch_version").getAsString(), o.get("train_samples_per_second").getAsDouble(),
          o.get("infer_batch1_median_us").getAsDouble(), o.get("infer_batch1_p99_us").getAsDouble(),
          Files.isRegularFile(onnx) ? onnx : null);
    } catch (Exception e) {
      return Result.unavailable(e.toString());
    }
  }

  private static String lastLine(Path f) throws java.io.IOException {
    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
    for (int i = lines.size() - 1; i >= 0; i--) if (!lines.get(i).isBlank()) return lines.get(i).trim();
    return "(no output)";
  }
}
