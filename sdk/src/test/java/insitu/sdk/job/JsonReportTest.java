package insitu.sdk.job;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReportTest {
  @Test
  void reportsKeepTheirCharactersAndWriteNaNAsNull() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("initialization", "paper (RESET all, SET all at Vg0 = 1.6 V) <&>");
    r.put("accuracy", Double.NaN);
    String json = JsonReport.toJson(r, false);
    assertEquals("{\"initialization\":\"paper (RESET all, SET all at Vg0 = 1.6 V) <&>\",\"accuracy\":null}", json);
  }
}
