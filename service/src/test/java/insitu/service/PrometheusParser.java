package insitu.service;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, written from the format's
 * description (not from the service's writer): HELP and TYPE lines before a family's samples,
 * one TYPE per family, samples of a family together, metric and label names of the allowed
 * characters, label values with the format's three escapes, Go-style float values; histograms
 * with ascending {@code le} buckets, cumulative counts, a {@code +Inf} bucket equal to
 * {@code _count}, and a {@code _sum}. Any violation is an {@link AssertionError} naming the line.
 */
final class PrometheusParser {
  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? ([^ ]+)( -?\\d+)?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
  private static final Pattern VALUE = Pattern.compile("[+-]?(Inf|NaN|(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)");
  private static final Pattern HELP_OR_TYPE = Pattern.compile("# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)");

  /** Series ("name{a="b",c="d"}" with labels sorted) to value. */
  final Map<String, Double> series = new LinkedHashMap<>();
  final Map<String, String> types = new HashMap<>();

  static PrometheusParser parse(String text) {
    PrometheusParser p = new PrometheusParser();
    p.read(text);
    return p;
  }

  double value(String series) {
    Double v = this.series.get(series);
    if (v == null) throw new AssertionError("no series " + series + " in " + this.series.keySet());
    return v;
  }

  private void read(String text) {
    if (!text.endsWith("\n")) throw new AssertionError("the exposition must end with a newline");
    String current = null;
    Set<String> finished = new HashSet<>(), sampled = new HashSet<>();
    Map<String, Map<String, double[]>> buckets = new HashMap<>();
    int n = 0;
    for (String line : text.split("\n")) {
      n++;
      if (line.isEmpty()) continue;
      if (line.startsWith("#")) {
        Matcher m = HELP_OR_TYPE.matcher(line);
        if (!m.matches()) continue; // other comments are allowed
        String family = m.group(2);
        if (m.group(1).equals("TYPE")) {
          if (types.containsKey(family)) throw new AssertionError("line " + n + ": second TYPE for " + family);
          if (sampled.contains(family)) throw new AssertionError("line " + n + ": TYPE after samples of " + family);
          if (!Set.of("counter", "gauge", "histogram", "summary", "untyped").contains(m.group(3)))
            throw new AssertionError("line " + n + ": unknown type " + m.group(3));
          types.put(family, m.group(3));
        }
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) throw new AssertionError("line " + n + " is not a sample: " + line);
      String name = m.group(1), family = familyOf(name);
      if (!types.containsKey(family)) throw new AssertionError("line " + n + ": sample of " + family + " before its TYPE");
      if (!family.equals(current)) {
        if (finished.contains(family)) throw new AssertionError("line " + n + ": samples of " + family + " are not together");
        if (current != null) finished.add(current);
        current = family;
      }
      sampled.add(family);
      Map<String, String> labels = labels(m.group(3) == null ? "" : m.group(3), n);
      if (!VALUE.matcher(m.group(4)).matches()) throw new AssertionError("line " + n + ": bad value " + m.group(4));
      double v = m.group(4).endsWith("Inf") ? (m.group(4).startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
          : Double.parseDouble(m.group(4));
      String key = name + new TreeMap<>(labels);
      if (series.put(key, v) != null) throw new AssertionError("line " + n + ": series twice: " + key);
      if (types.get(family).equals("counter") && !(v >= 0)) throw new AssertionError("line " + n + ": negative counter");
      if (types.get(family).equals("histogram") && name.endsWith("_bucket")) {
        String le = labels.remove("le");
        if (le == null) throw new AssertionError("line " + n + ": bucket without le");
        double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
        double[] last = buckets.computeIfAbsent(family, k -> new HashMap<>()).get(labels.toString());
        if (last != null && (bound <= last[0] || v < last[1])) throw new AssertionError("line " + n + ": buckets must ascend and accumulate");
        buckets.get(family).put(labels.toString(), new double[] {bound, v});
      }
    }
    for (var f : buckets.entrySet())
      for (var b : f.getValue().entrySet()) {
        if (b.getValue()[0] != Double.POSITIVE_INFINITY) throw new AssertionError(f.getKey() + b.getKey() + " lacks its +Inf bucket");
        String labels = b.getKey().equals("{}") ? "{}" : new TreeMap<>(parseMap(b.getKey())).toString();
        Double count = series.get(f.getKey() + "_count" + labels);
        if (count == null || count != b.getValue()[1]) throw new AssertionError(f.getKey() + labels + ": +Inf bucket differs from _count");
        if (!series.containsKey(f.getKey() + "_sum" + labels)) throw new AssertionError(f.getKey() + labels + " lacks _sum");
      }
  }

  private String familyOf(String name) {
    for (String suffix : new String[] {"_bucket", "_sum", "_count"})
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        if ("histogram".equals(types.get(base)) || "summary".equals(types.get(base))) return base;
      }
    return name;
  }

  private static Map<String, String> labels(String text, int line) {
    Map<String, String> m = new LinkedHashMap<>();
    Matcher l = LABEL.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!l.find(at) || l.start() != at) throw new AssertionError("line " + line + ": bad labels {" + text + "}");
      if (m.put(l.group(1), l.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\")) != null)
        throw new AssertionError("line " + line + ": label " + l.group(1) + " twice");
      at = l.end();
    }
    return m;
  }

  /** A map's toString back into the map (label values here hold no ", " or "="). */
  private static Map<String, String> parseMap(String s) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String kv : s.substring(1, s.length() - 1).split(", ")) {
      int e = kv.indexOf('=');
      m.put(kv.substring(0, e), kv.substring(e + 1));
    }
    return m;
  }
}
