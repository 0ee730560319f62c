package insitu.sdk.job;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.annotations.JsonAdapter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  record Part(int cellsTested, Optional<Double> spread) {}

  record Sample(String command, long seed, double learningRate, double[] perStep, Keep kept, Path runDir, Optional<String> placement,
                Optional<Integer> stuck, String nothing, @JsonAdapter(JsonReport.Inline.class) Part part,
                @JsonAdapter(JsonReport.Inline.class) Optional<Part> absentPart, List<Part> parts, double infinite) {}

  @Test
  void aRecordIsItsComponentsInOrderInSnakeCase() {
    var s = new Sample("train", 1, 0.01, new double[] {0.5, Double.NaN}, Keep.BEST, Path.of("runs", "a"), Optional.empty(), Optional.of(3),
        null, new Part(8192, Optional.empty()), Optional.empty(), List.of(new Part(1, Optional.of(2.0))), Double.POSITIVE_INFINITY);
    assertEquals("{\"command\":\"train\",\"seed\":1,\"learning_rate\":0.01,\"per_step\":[0.5,null],\"kept\":\"best\",\"run_dir\":\""
        + Path.of("runs", "a") + "\",\"stuck\":3,\"nothing\":null,\"cells_tested\":8192,\"parts\":[{\"cells_tested\":1,\"spread\":2.0}],"
        + "\"infinite\":null}", JsonReport.toJson(s, false));
  }

  @Test
  void prettyReportsIndentByTwo() {
    assertEquals("{\n  \"cells_tested\": 2,\n  \"spread\": 1.0E-6\n}", JsonReport.toJson(new Part(2, Optional.of(1e-6)), true));
  }
}
