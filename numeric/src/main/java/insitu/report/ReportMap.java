package insitu.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a JSON-ready report map: keys stay in the order they are put, which is the order a reader
 * sees them in {@code report.json} and on the console. Values are what a JSON writer prints (numbers,
 * strings, booleans, lists and maps of them).
 */
public final class ReportMap {
  private final Map<String, Object> entries = new LinkedHashMap<>();

  public ReportMap put(String key, Object value) {
    entries.put(key, value);
    return this;
  }

  /** The numbers as a list, which every JSON writer prints as an array. */
  public ReportMap putNumbers(String key, double[] values) {
    List<Double> list = new ArrayList<>(values.length);
    for (double v : values) list.add(v);
    return put(key, list);
  }

  /** The map built so far (callers may go on adding to it). */
  public Map<String, Object> map() {
    return entries;
  }
}
