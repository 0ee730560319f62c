package insitu.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A peer's figure at its best thread count: the slots grouped by thread count, and the count whose
 * median is best (highest throughput, or lowest latency); a tie goes to fewer threads.
 */
record PeerThreads(int best, Map<Integer, Double> medians, double[] bestValues) {
  static final PeerThreads NONE = new PeerThreads(0, Map.of(), new double[0]);

  static PeerThreads of(List<Slot> slots, String side, boolean higherIsBetter) {
    Map<Integer, List<Double>> by = new TreeMap<>();
    for (Slot s : slots)
      if (s.side().equals(side) && Double.isFinite(s.value())) by.computeIfAbsent(s.threads(), k -> new ArrayList<>()).add(s.value());
    if (by.isEmpty()) return NONE;
    Map<Integer, Double> medians = new TreeMap<>();
    int best = 0;
    for (var e : by.entrySet()) {
      double m = Stats.median(e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
      medians.put(e.getKey(), m);
      if (best == 0 || (higherIsBetter ? m > medians.get(best) : m < medians.get(best))) best = e.getKey();
    }
    return new PeerThreads(best, medians, by.get(best).stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The median at the best thread count; NaN without slots. */
  double median() {
    return Stats.median(bestValues);
  }

  /** The medians by thread count with string keys, for JSON. */
  Map<String, Object> mediansForJson() {
    Map<String, Object> m = new TreeMap<>();
    medians.forEach((k, v) -> m.put(Integer.toString(k), v));
    return m;
  }
}
