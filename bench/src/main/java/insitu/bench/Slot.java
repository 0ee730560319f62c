package insitu.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One measured slot of a comparison: which side measured, with how many threads, its figure, the
 * slot's wall time and the CPU time each side used meanwhile (the side not measuring should be
 * ~0: that is what makes the figure its own).
 */
record Slot(String side, int threads, double value, double wallSeconds, double insituCpuSeconds, double peerCpuSeconds) {
  /** Who measures a slot: our JVM (insitu, or ONNX Runtime inside it) or the PyTorch process. */
  static final String INSITU = "insitu", PYTORCH = "pytorch", ONNXRUNTIME = "onnxruntime";

  /** CPU time the side that was not measuring used, as a fraction of one core over the slot. */
  double idleSideCpuFraction() {
    double idle = PYTORCH.equals(side) ? insituCpuSeconds : peerCpuSeconds;
    return wallSeconds > 0 ? idle / wallSeconds : 0;
  }

  /** The most CPU the idle side used in any of the chosen slots, as a fraction of a core (should be ~0); NaN for none. */
  static double idleSideCpuMax(List<Slot> slots, Predicate<Slot> which) {
    return slots.stream().filter(which).mapToDouble(Slot::idleSideCpuFraction).max().orElse(Double.NaN);
  }

  /** The slot as a JSON object, its figure under {@code valueKey}. */
  Map<String, Object> toMap(String valueKey) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("side", side);
    m.put("threads", threads);
    m.put(valueKey, value);
    m.put("wall_seconds", wallSeconds);
    m.put("insitu_cpu_seconds", insituCpuSeconds);
    m.put("pytorch_cpu_seconds", peerCpuSeconds);
    return m;
  }
}
