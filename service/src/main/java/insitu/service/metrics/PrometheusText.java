package insitu.service.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): per metric family a
 * {@code # HELP} and a {@code # TYPE} line, then its samples; label values escaped as the format
 * says (backslash, double quote, newline).
 */
public final class PrometheusText {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final StringBuilder out = new StringBuilder();

  /** Starts a family: {@code type} is counter, gauge or histogram. */
  public PrometheusText family(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    return this;
  }

  public PrometheusText sample(String name, Map<String, String> labels, double value) {
    out.append(name);
    if (!labels.isEmpty()) {
      out.append('{');
      boolean first = true;
      for (var e : labels.entrySet()) {
        if (!first) out.append(',');
        first = false;
        out.append(e.getKey()).append("=\"").append(escape(e.getValue())).append('"');
      }
      out.append('}');
    }
    out.append(' ').append(number(value)).append('\n');
    return this;
  }

  public PrometheusText sample(String name, double value) {
    return sample(name, Map.of(), value);
  }

  /** A histogram's buckets, sum and count under the family {@code name}, with extra labels. */
  public PrometheusText histogram(String name, Map<String, String> labels, Histogram h) {
    double[] bounds = h.bounds();
    long[] cumulative = h.cumulative();
    for (int i = 0; i <= bounds.length; i++) {
      Map<String, String> l = new LinkedHashMap<>(labels);
      l.put("le", i < bounds.length ? number(bounds[i]) : "+Inf");
      sample(name + "_bucket", l, cumulative[i]);
    }
    sample(name + "_sum", labels, h.sum());
    return sample(name + "_count", labels, cumulative[bounds.length]);
  }

  static String number(double v) {
    if (Double.isNaN(v)) return "NaN";
    if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  @Override public String toString() {
    return out.toString();
  }
}
