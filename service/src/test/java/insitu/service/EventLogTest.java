package insitu.service;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventLogTest {
  @Test
  void jsonLinesCarryTimeLevelAndFields() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ManualClock clock = new ManualClock();
    EventLog log = EventLog.json(new PrintStream(buf, true, StandardCharsets.UTF_8), clock);
    log.request("POST", "/v2/models/m/infer", 413, 0.25);
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("file", "ckpt-000000001.zip");
    log.event(EventLog.Level.INFO, "state saved", f);
    String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(2, lines.length);
    JsonObject r = JsonParser.parseString(lines[0]).getAsJsonObject();
    assertEquals("2026-01-01T00:00:00Z", r.get("time").getAsString());
    assertEquals("warn", r.get("level").getAsString());
    assertEquals("request", r.get("event").getAsString());
    assertEquals(413, r.get("status").getAsInt());
    assertEquals("/v2/models/m/infer", r.get("path").getAsString());
    JsonObject e = JsonParser.parseString(lines[1]).getAsJsonObject();
    assertEquals("state saved", e.get("message").getAsString());
    assertEquals("ckpt-000000001.zip", e.get("file").getAsString());
  }

  @Test
  void textLinesAreOnePerEvent() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    EventLog log = EventLog.text(new PrintStream(buf, true, StandardCharsets.UTF_8));
    log.request("GET", "/v2", 200, 0.001);
    log.event(EventLog.Level.ERROR, "board failure: link down", Map.of());
    assertEquals("insitu: 200 GET /v2 0.0010 s\ninsitu: error: board failure: link down\n", buf.toString(StandardCharsets.UTF_8));
  }
}
