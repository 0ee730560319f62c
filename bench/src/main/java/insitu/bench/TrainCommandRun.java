package insitu.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a user runs: {@code insitu train --model paper-cnn} in a child JVM of its own (start-up,
 * warm-up, per-epoch evaluation, checkpoints and reports included), with our JVM idle. Its
 * per-epoch training throughput is held against the bench loop's and PyTorch's.
 */
final class TrainCommandRun {
  /** Epochs whose median is the steady figure: the last five. */
  static final int STEADY_EPOCHS = 5;

  record Result(double[] samplesPerSecond, double wallSeconds, double childCpuSeconds, double insituIdleCpuSeconds, String reason) {
    static Result failed(String reason) {
      return new Result(new double[0], Double.NaN, Double.NaN, Double.NaN, reason);
    }

    double first() {
      return samplesPerSecond.length > 0 ? samplesPerSecond[0] : Double.NaN;
    }

    /** The median of the last five epochs (of all, in a shorter run). */
    double steady() {
      int n = samplesPerSecond.length;
      return Stats.median(Arrays.copyOfRange(samplesPerSecond, Math.max(0, n - STEADY_EPOCHS), n));
    }
  }

  private TrainCommandRun() {}

  static Result run(int epochs, long seed, Path workDir, Quiescence.Wait quiet) throws InterruptedException {
    List<String> cmd = ChildJvm.cli(ChildJvm.launcherDefaults(), List.of("train", "--model", "paper-cnn", "--seed",
        Long.toString(seed), "--epochs", Integer.toString(epochs), "--json", "--quiet", "--out", workDir.resolve("train-run").toString()));
    try {
      IdleRun run = IdleRun.of(cmd, workDir.resolve("train.out"), 15, quiet);
      if (run.exitCode() != 0) return Result.failed("insitu train exited with " + run.exitCode());
      double[] rates = new double[0];
      double cpu = Double.NaN;
      for (String line : run.lines()) {
        if (line.startsWith("cpu_nanos=")) cpu = Long.parseLong(line.substring(10)) / 1e9;
        else if (line.startsWith("{")) rates = rates(JsonParser.parseString(line).getAsJsonObject());
      }
      return new Result(rates, run.wallSeconds(), cpu, run.insituCpuSeconds(), null);
    } catch (IOException | RuntimeException e) {
      return Result.failed(e.toString());
    }
  }

  private static double[] rates(JsonObject report) {
    JsonArray epochs = report.getAsJsonArray("epochs");
    double[] r = new double[epochs.size()];
    for (int i = 0; i < r.length; i++) r[i] = epochs.get(i).getAsJsonObject().get("samples_per_second").getAsDouble();
    return r;
  }

  /** Its keys of the bench report, and its ratios to the bench loop and to PyTorch (> 1: faster). */
  static void report(Result t, int epochs, Map<String, Object> r) {
    r.put("train_command_epochs", epochs);
    r.put("train_command_jvm_options", String.join(" ", ChildJvm.launcherDefaults()));
    r.put("train_command_samples_per_second_per_epoch", t.samplesPerSecond());
    r.put("train_command_first_epoch_samples_per_second", t.first());
    r.put("train_command_steady_samples_per_second", t.steady());
    r.put("train_command_wall_seconds", t.wallSeconds());
    r.put("train_command_cpu_seconds", t.childCpuSeconds());
    r.put("train_command_bench_jvm_cpu_seconds", t.insituIdleCpuSeconds());
    if (t.reason() != null) r.put("train_command_failed", t.reason());
    Object loop = r.get("train_samples_per_second"), torch = r.get("pytorch_train_samples_per_second");
    r.put("train_command_vs_bench_loop", Stats.ratio(t.steady(), loop instanceof Double d ? d : Double.NaN));
    r.put("train_command_ratio_vs_pytorch", Stats.ratio(t.steady(), torch instanceof Double d ? d : Double.NaN));
  }
}
