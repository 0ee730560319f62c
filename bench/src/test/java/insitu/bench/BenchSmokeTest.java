package insitu.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs {@code insitu bench --quick --json} end to end and checks the report's keys; never its times. */
class BenchSmokeTest {
  static final List<String> KEYS = List.of("train_samples_per_second", "infer_batch1_median_us", "infer_batch1_p99_us",
      "pytorch_train_samples_per_second", "pytorch_infer_batch1_median_us", "pytorch_infer_batch1_p99_us",
      "onnxruntime_train_samples_per_second", "onnxruntime_infer_batch1_median_us", "onnxruntime_infer_batch1_p99_us",
      "train_ratio_vs_pytorch", "infer_batch1_ratio_vs_pytorch", "infer_batch1_ratio_vs_onnxruntime",
      "infer_batch1_ideal_median_us", "infer_batched_samples_per_second", "compile_mnist28_ms", "convlstm_train_samples_per_second",
      "demo_xmx64m_completed", "demo_xmx64m_seconds", "demo_peak_heap_mb", "pulses_per_epoch", "reads_per_epoch",
      "pytorch_available", "onnxruntime_available", "measurement_rounds", "train_samples_per_second_per_round",
      "infer_batch1_median_us_per_round", "train_realistic_samples_per_second",
      "pytorch_train_threads", "pytorch_infer_threads", "onnxruntime_infer_threads", "train_slots", "infer_batch1_slots",
      "train_insitu_cpu_fraction_during_pytorch_max", "train_pytorch_cpu_fraction_during_insitu_max",
      "pytorch_standalone_train_samples_per_second", "pytorch_train_fraction_of_standalone",
      "train_command_first_epoch_samples_per_second", "train_command_steady_samples_per_second", "train_command_vs_bench_loop",
      "train_command_ratio_vs_pytorch", "scale_train_samples", "scale_pretrain_epochs", "scale_learning_rate", "scale_models", "scale_weights_ratio", "scale_train_time_ratio",
      "scale_pytorch_train_time_ratio", "scale_seconds", "demo_wall_seconds", "pytorch_demo_wall_seconds", "pytorch_demo_threads",
      "demo_wall_ratio_vs_pytorch", "demo_wall_bench_jvm_cpu_seconds", "demo_cpu_seconds", "pytorch_demo_cpu_seconds");

  /** Keys of every model of the scale part, after {@code scale_<model>_}. */
  static final List<String> SCALE_KEYS = List.of("model", "weights", "parameters", "arrays", "tiles", "pulses_per_epoch",
      "train_samples_per_second", "pytorch_train_samples_per_second", "pytorch_train_threads", "train_ratio_vs_pytorch", "train_slots",
      "train_insitu_cpu_fraction_during_pytorch_max", "train_pytorch_cpu_fraction_during_insitu_max", "infer_batched_samples_per_second",
      "pytorch_infer_batched_samples_per_second", "pytorch_infer_batched_threads", "infer_batched_ratio_vs_pytorch", "infer_batched_slots",
      "infer_batched_insitu_cpu_fraction_during_pytorch_max", "infer_batched_pytorch_cpu_fraction_during_insitu_max",
      "train_ns_per_sample_weight", "pytorch_train_ns_per_sample_weight", "train_cpu_us_per_sample", "pytorch_train_cpu_us_per_sample",
      "train_accuracy_per_epoch", "accuracy_end", "pytorch_accuracy_start", "pytorch_accuracy_end", "infer_batch1_median_us",
      "pytorch_infer_batch1_median_us", "pytorch_infer_batch1_threads", "infer_batch1_ratio_vs_pytorch");

  @Test void quickBenchPrintsEveryKey() {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int code;
    try (PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
      System.setOut(p);
      code = new CommandLine(new BenchMain()).execute("--quick", "--json");
    } finally {
      System.setOut(old);
    }
    assertEquals(0, code);
    String out = buf.toString(StandardCharsets.UTF_8).trim();
    JsonObject o = JsonParser.parseString(out.substring(out.lastIndexOf("\n{") + 1)).getAsJsonObject();
    for (String k : KEYS) assertTrue(o.has(k), "missing key " + k + " in " + out);
    for (var m : o.getAsJsonArray("scale_models"))
      for (String k : SCALE_KEYS) assertTrue(o.has("scale_" + m.getAsString() + "_" + k), "missing key scale_" + m.getAsString() + "_" + k + " in " + out);
    assertEquals(List.of("mnist28", "edge1m"), o.getAsJsonArray("scale_models").asList().stream().map(e -> e.getAsString()).toList());
    // Our own measurements always exist (peers may be unavailable on a machine without Python).
    assertTrue(o.get("train_samples_per_second").getAsDouble() > 0);
    assertTrue(o.get("infer_batch1_median_us").getAsDouble() > 0);
    assertTrue(o.get("demo_xmx64m_completed").getAsBoolean(), "the 1-epoch demo must complete with -Xmx64m");
    assertTrue(o.get("train_command_steady_samples_per_second").getAsDouble() > 0, "insitu train ran: " + o.get("train_command_failed"));
    assertTrue(o.get("demo_wall_seconds").getAsDouble() > 0, "./insitu demo ran from the checkout: " + o.get("demo_wall_failed"));
    // Its CPU time: more than nothing (a JVM), and read from the shell's times, not NaN.
    assertTrue(o.get("demo_cpu_seconds").getAsDouble() > 0.05, "the demo's CPU seconds, from bash's times: " + o.get("demo_cpu_seconds"));
    // The committed 28×28 fixture trains in situ even without PyTorch (which exports the models otherwise).
    assertTrue(o.get("scale_mnist28_train_samples_per_second").getAsDouble() > 0, "scale part: " + o.get("scale_mnist28_unavailable_reason"));
    assertEquals(114_960, o.get("scale_mnist28_weights").getAsInt(), "the 28×28 CNN's crossbar weights");
    if (o.get("pytorch_available").getAsBoolean()) {
      assertEquals(999_384, o.get("scale_edge1m_weights").getAsInt(), "the 1M CNN's crossbar weights (its biases are digital)");
      assertEquals(999_854, o.get("scale_edge1m_parameters").getAsLong(), "PyTorch's parameters of the 1M CNN");
      assertTrue(o.get("scale_edge1m_pytorch_train_samples_per_second").getAsDouble() > 0);
    }
  }

  @Test void tableRendersWithoutPeers() {
    var r = new java.util.LinkedHashMap<String, Object>();
    r.put("date", "2026-12-07");
    r.put("cores", 2);
    r.put("java", "17");
    r.put("train_samples_per_second", 1234.5);
    r.put("pytorch_train_samples_per_second", Double.NaN);
    String t = BenchTable.render(r);
    assertTrue(t.contains("1,235") && t.contains("—"), t);
    // Parts that did not run print no lines of "null" (PyTorch's threads, the demo with -Xmx64m, the pulse counts).
    assertTrue(!t.contains("null") && !t.contains("-Xmx64m") && !t.contains("pulses per epoch"), t);
    r.put("demo_epochs", 15);
    r.put("demo_xmx64m_completed", true);
    assertTrue(BenchTable.render(r).contains("demo -Xmx64m seconds (15 epochs)"), BenchTable.render(r));
  }
}
