package insitu.service;

import com.google.gson.Gson;
import java.io.PrintStream;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the service says what it does: one line per answered request and per event (start,
 * checkpoint, recalibration, failure, shutdown). {@link #text} writes readable lines for a
 * terminal or the journal, {@link #json} one JSON object per line for a log collector.
 */
public interface EventLog {
  /** A request answered: method, path, status, seconds it took. */
  void request(String method, String path, int status, double seconds);

  /** How much an event matters; {@link #word()} is how a log line names it. */
  enum Level {
    INFO, WARN, ERROR;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Something the service did or met; {@code fields} add detail (insertion order kept). */
  void event(Level level, String message, Map<String, Object> fields);

  default void info(String message) {
    event(Level.INFO, message, Map.of());
  }

  EventLog NONE = new EventLog() {
    @Override public void request(String method, String path, int status, double seconds) {}

    @Override public void event(Level level, String message, Map<String, Object> fields) {}
  };

  /** Lines like {@code insitu: 200 POST /v2/models/m/infer 0.004 s}. */
  static EventLog text(PrintStream out) {
    return new EventLog() {
      @Override public void request(String method, String path, int status, double seconds) {
        out.printf(java.util.Locale.ROOT, "insitu: %d %s %s %.4f s%n", status, method, path, seconds);
      }

      @Override public void event(Level level, String message, Map<String, Object> fields) {
        StringBuilder b = new StringBuilder("insitu: ").append(level == Level.INFO ? "" : level.word() + ": ").append(message);
        fields.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        out.println(b);
      }
    };
  }

  /** One JSON object per line: {@code time}, {@code level}, {@code event} or {@code message}, and fields. */
  static EventLog json(PrintStream out, InstantSource clock) {
    Gson gson = new Gson();
    return new EventLog() {
      @Override public void request(String method, String path, int status, double seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", clock.instant().toString());
        m.put("level", (status >= 500 ? Level.ERROR : status >= 400 ? Level.WARN : Level.INFO).word());
        m.put("event", "request");
        m.put("method", method);
        m.put("path", path);
        m.put("status", status);
        m.put("seconds", seconds);
        out.println(gson.toJson(m));
      }

      @Override public void event(Level level, String message, Map<String, Object> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", clock.instant().toString());
        m.put("level", level.word());
        m.put("message", message);
        m.putAll(fields);
        out.println(gson.toJson(m));
      }
    };
  }
}
