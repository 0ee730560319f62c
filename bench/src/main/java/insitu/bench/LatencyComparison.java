package insitu.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Batch-1 latency of insitu against PyTorch and ONNX Runtime, each alone: rounds of a PyTorch
 * block (after our JVM has gone idle, at one and at two threads), an insitu block and an ONNX
 * Runtime block (one session per thread count, inside our JVM, so its slots' insitu CPU is its
 * own), and a last PyTorch block. Figures are medians at each peer's best thread count.
 */
final class LatencyComparison {
  /** The slots (figure: median µs) and their p99 µs, in the same order. */
  record Result(List<Slot> slots, List<Double> p99s, List<Quiescence.Result> waits) {
    PeerThreads peer(String side) {
      return PeerThreads.of(slots, side, false);
    }

    double[] ours() {
      return values(Slot.INSITU, slots);
    }

    /** Median p99 of a side's slots at {@code threads} (every thread count when 0). */
    double p99(String side, int threads) {
      List<Double> p = new ArrayList<>();
      for (int i = 0; i < slots.size(); i++) {
        Slot s = slots.get(i);
        if (s.side().equals(side) && (threads == 0 || s.threads() == threads)) p.add(p99s.get(i));
      }
      return Stats.median(p.stream().mapToDouble(Double::doubleValue).toArray());
    }
  }

  /** ONNX Runtime sessions by thread count (unavailable ones are skipped). */
  record OrtSessions(List<OnnxRuntimePeer> byThreads, List<Integer> threads) {}

  private LatencyComparison() {}

  static Result run(PyTorchPeer torch, Batch1Calls sim, int ourThreads, OrtSessions ort, int warmup, int runs, int rounds, int perBlock,
                    Quiescence.Wait quiet) throws InterruptedException {
    SlotMeter meter = SlotMeter.of(torch.available() ? torch.handle() : null);
    List<Slot> slots = new ArrayList<>();
    List<Double> p99s = new ArrayList<>();
    List<Quiescence.Result> waits = new ArrayList<>();
    for (int t : ThroughputComparison.THREADS) if (torch.threads(t)) torch.latency(warmup, 0);
    if (sim != null) sim.latency(warmup, 0);
    for (OnnxRuntimePeer o : ort.byThreads()) o.latency(warmup, 0);
    for (int round = 0; round <= rounds; round++) {
      if (torch.available()) {
        waits.add(quiet.await());
        for (int i = 0; i < ThroughputComparison.THREADS.length; i++) {
          int t = ThroughputComparison.THREADS[(i + round) % ThroughputComparison.THREADS.length];
          if (!torch.threads(t)) break;
          for (int k = 0; k < perBlock; k++) add(meter, slots, p99s, Slot.PYTORCH, t, () -> torch.latency(0, runs));
        }
      }
      if (round == rounds) continue;
      if (sim != null) for (int k = 0; k < perBlock; k++) add(meter, slots, p99s, Slot.INSITU, ourThreads, () -> sim.latency(0, runs));
      for (int i = 0; i < ort.byThreads().size(); i++) {
        OnnxRuntimePeer o = ort.byThreads().get((i + round) % ort.byThreads().size());
        int t = ort.threads().get((i + round) % ort.byThreads().size());
        for (int k = 0; k < perBlock; k++) add(meter, slots, p99s, Slot.ONNXRUNTIME, t, () -> o.latency(0, runs));
      }
    }
    return new Result(slots, p99s, waits);
  }

  private static void add(SlotMeter meter, List<Slot> slots, List<Double> p99s, String side, int threads, Supplier<Latency> block) {
    Latency[] got = {Latency.NONE};
    Slot s = meter.measure(side, threads, () -> (got[0] = block.get()).medianMicros());
    if (!Double.isFinite(s.value())) return;
    slots.add(s);
    p99s.add(got[0].p99Micros());
  }

  private static double[] values(String side, List<Slot> slots) {
    return slots.stream().filter(s -> s.side().equals(side)).mapToDouble(Slot::value).toArray();
  }

  /** The comparison's keys of the bench report; ratios < 1 mean insitu answers faster. */
  static void report(Result c, Map<String, Object> r) {
    PeerThreads torch = c.peer(Slot.PYTORCH), ort = c.peer(Slot.ONNXRUNTIME);
    double ours = Stats.median(c.ours());
    r.put("pytorch_infer_batch1_median_us", torch.median());
    r.put("pytorch_infer_batch1_median_us_per_round", torch.bestValues());
    r.put("pytorch_infer_batch1_p99_us", c.p99(Slot.PYTORCH, torch.best()));
    r.put("pytorch_infer_threads", torch.best());
    r.put("pytorch_infer_batch1_median_us_by_threads", torch.mediansForJson());
    r.put("infer_batch1_median_us", ours);
    r.put("infer_batch1_median_us_per_round", c.ours());
    r.put("infer_batch1_p99_us", c.p99(Slot.INSITU, 0));
    r.put("onnxruntime_infer_batch1_median_us", ort.median());
    r.put("onnxruntime_infer_batch1_median_us_per_round", ort.bestValues());
    r.put("onnxruntime_infer_batch1_p99_us", c.p99(Slot.ONNXRUNTIME, ort.best()));
    r.put("onnxruntime_infer_threads", ort.best());
    r.put("onnxruntime_infer_batch1_median_us_by_threads", ort.mediansForJson());
    r.put("infer_batch1_ratio_vs_pytorch", Stats.ratio(ours, torch.median()));
    r.put("infer_batch1_ratio_vs_onnxruntime", Stats.ratio(ours, ort.median()));
    r.put("infer_batch1_slots", c.slots().stream().map(s -> s.toMap("median_us")).toList());
    r.put("infer_insitu_cpu_fraction_during_pytorch_max", Slot.idleSideCpuMax(c.slots(), s -> s.side().equals(Slot.PYTORCH)));
    r.put("infer_pytorch_cpu_fraction_during_insitu_max", Slot.idleSideCpuMax(c.slots(), s -> !s.side().equals(Slot.PYTORCH)));
    r.put("infer_quiet_waits", ThroughputComparison.waits(c.waits()));
  }
}
