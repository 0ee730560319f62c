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
      "train_command_ratio_vs_pytorch");

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
    // Our own measurements always exist (peers may be unavailable on a machine without Python).
    assertTrue(o.get("train_samples_per_second").getAsDouble() > 0);
    assertTrue(o.get("infer_batch1_median_us").getAsDouble() > 0);
    assertTrue(o.get("demo_xmx64m_completed").getAsBoolean(), "the 1-epoch demo must complete with -Xmx64m");
    assertTrue(o.get("train_command_steady_samples_per_second").getAsDouble() > 0, "insitu train ran: " + o.get("train_command_failed"));
  }

  @Test void tableRendersWithoutPeers() {
    var r = new java.util.LinkedHashMap<String, Object>();
    r.put("train_samples_per_second", 1234.5);
    r.put("pytorch_train_samples_per_second", Double.NaN);
    String t = BenchTable.render(r);
    assertTrue(t.contains("1,235") && t.contains("—"), t);
  }
}
