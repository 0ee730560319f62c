package insitu.bench;

import java.util.Map;

/** The human-readable form of a bench report: one line per measurement, peers side by side. */
final class BenchTable {
  private BenchTable() {}

  /** Lines of parts that did not run ({@code --only}) are left out rather than printed with "null". */
  static String render(Map<String, Object> r) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("insitu bench (%s, %s cores, %s%s)%s%n", r.get("date"), r.get("cores"), r.get("java"),
        Boolean.TRUE.equals(r.get("vector_api")) ? ", Vector API" + (Boolean.TRUE.equals(r.get("vector_products")) ? " (gradients, batch-1 products)" : " (gradients)")
            : ", no Vector API",
        Boolean.TRUE.equals(r.get("quick")) ? " --quick: numbers are not meaningful" : ""));
    b.append(String.format("%-44s %14s %14s %14s%n", "measurement", "insitu", "pytorch", "onnxruntime"));
    row(b, "train samples/s (paper CNN, sim, batch 100)", r.get("train_samples_per_second"), r.get("pytorch_train_samples_per_second"), null);
    row(b, "insitu train: last 5 of 15 epochs samples/s", r.get("train_command_steady_samples_per_second"), null, null);
    row(b, "insitu train: first epoch samples/s", r.get("train_command_first_epoch_samples_per_second"), null, null);
    if (r.containsKey("pytorch_train_threads"))
      b.append(String.format("pytorch threads: train %s, batch-1 %s; bench figure / standalone: train %s; idle side's CPU share max: %s / %s%n",
          r.get("pytorch_train_threads"), r.get("pytorch_infer_threads"), num(r.get("pytorch_train_fraction_of_standalone")),
          num(r.get("train_insitu_cpu_fraction_during_pytorch_max")), num(r.get("train_pytorch_cpu_fraction_during_insitu_max"))));
    row(b, "batch-1 latency median µs (sim)", r.get("infer_batch1_median_us"), r.get("pytorch_infer_batch1_median_us"),
        r.get("onnxruntime_infer_batch1_median_us"));
    row(b, "batch-1 latency p99 µs (sim)", r.get("infer_batch1_p99_us"), r.get("pytorch_infer_batch1_p99_us"),
        r.get("onnxruntime_infer_batch1_p99_us"));
    row(b, "batch-1 latency median µs (sim:ideal)", r.get("infer_batch1_ideal_median_us"), null, null);
    row(b, "batch-1 latency p99 µs (sim:ideal)", r.get("infer_batch1_ideal_p99_us"), null, null);
    row(b, "batched inference samples/s (sim, 100)", r.get("infer_batched_samples_per_second"), null, null);
    row(b, "compile mnist28_cnn.onnx ms", r.get("compile_mnist28_ms"), null, null);
    row(b, "ConvLSTM train samples/s (mnist-seq, warm)", r.get("convlstm_train_samples_per_second"), null, null);
    row(b, "train samples/s (paper CNN, sim:realistic)", r.get("train_realistic_samples_per_second"), null, null);
    if (r.get("scale_models") instanceof java.util.List<?> models)
      for (Object m : models) {
        String p = "scale_" + m + "_";
        row(b, "train samples/s (" + r.get(p + "model") + ", " + r.get(p + "arrays") + " arrays)", r.get(p + "train_samples_per_second"),
            r.get(p + "pytorch_train_samples_per_second"), null);
        row(b, "batched inference samples/s (" + r.get(p + "model") + ")", r.get(p + "infer_batched_samples_per_second"),
            r.get(p + "pytorch_infer_batched_samples_per_second"), null);
        row(b, "batch-1 latency median µs (" + r.get(p + "model") + ")", r.get(p + "infer_batch1_median_us"), r.get(p + "pytorch_infer_batch1_median_us"),
            null);
      }
    row(b, "./insitu demo wall s (vs the PyTorch script)", r.get("demo_wall_seconds"), r.get("pytorch_demo_wall_seconds"), null);
    row(b, "./insitu demo CPU s (vs the PyTorch script)", r.get("demo_cpu_seconds"), r.get("pytorch_demo_cpu_seconds"), null);
    if (r.containsKey("demo_epochs")) {
      row(b, "demo -Xmx64m seconds (" + r.get("demo_epochs") + " epochs)", r.get("demo_xmx64m_seconds"), null, null);
      row(b, "demo -Xmx64m peak heap MB", r.get("demo_peak_heap_mb"), null, null);
      b.append(String.format("demo -Xmx64m completed: %s, accuracy %s%n", r.get("demo_xmx64m_completed"), r.get("demo_xmx64m_accuracy")));
    }
    if (r.containsKey("pulses_per_epoch"))
      b.append(String.format("pulses per epoch %s, reads per epoch %s%n", arr(r.get("pulses_per_epoch")), arr(r.get("reads_per_epoch"))));
    b.append(String.format("ratios: train insitu/pytorch %s; batch-1 latency insitu/pytorch %s, insitu/onnxruntime %s%n",
        num(r.get("train_ratio_vs_pytorch")), num(r.get("infer_batch1_ratio_vs_pytorch")), num(r.get("infer_batch1_ratio_vs_onnxruntime"))));
    if (r.containsKey("pytorch_unavailable_reason")) b.append("pytorch unavailable: ").append(r.get("pytorch_unavailable_reason")).append('\n');
    if (r.containsKey("onnxruntime_unavailable_reason"))
      b.append("onnxruntime unavailable: ").append(r.get("onnxruntime_unavailable_reason")).append('\n');
    return b.toString();
  }

  private static void row(StringBuilder b, String name, Object a, Object p, Object o) {
    b.append(String.format("%-44s %14s %14s %14s%n", name, num(a), num(p), num(o)));
  }

  private static String num(Object v) {
    if (!(v instanceof Double d) || !Double.isFinite(d)) return v == null || v instanceof Double ? "—" : v.toString();
    return Math.abs(d) >= 100 ? String.format("%,.0f", d) : String.format("%.3g", d);
  }

  private static String arr(Object v) {
    if (v instanceof long[] a) return java.util.Arrays.toString(a);
    if (v instanceof double[] a) return java.util.Arrays.toString(a);
    return String.valueOf(v);
  }
}
