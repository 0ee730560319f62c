package insitu.runtime.calibrate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import insitu.boards.BoardOpener;
import insitu.boards.BoardSpec;
import insitu.errors.BadInputException;
import insitu.numeric.parallel.Workers;
import insitu.testing.Fuzz;
import insitu.testing.JsonMutations;
import insitu.testing.HangGuard;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calibration files ({@code insitu board selftest --out}) damaged in every way the 45 files
 * were: each field of the wrong type, NaN, infinite, negative, missing; lists too long or of the
 * wrong shape; nesting deep enough to overflow a recursive parser; then a few hundred seeded
 * mutations. A calibration that loads is one the mapper and the programmer can use as it is.
 */
@HangGuard
class CalibrationFuzzTest {
  private static final int CASES = 400;
  private static final String BOARD = "sim:realistic?rows=32&cols=16&stuck=0.05";
  private static BoardSpec spec;
  private static String valid;

  @BeforeAll
  static void selfTestABoard() {
    try (Workers w = Workers.sequential(); var b = BoardOpener.open(BOARD, 3, w)) {
      spec = b.spec();
      Calibration c = Selftest.run(b, Selftest.Options.defaults());
      assertFalse(c.stuckCells().isEmpty(), "the board has stuck cells to list");
      valid = CalibrationJson.toJson(c);
    }
  }

  /** What a calibration that loaded must give: finite, positive scales; a window; a placement target that fits or a refusal. */
  private static void assertUsable(String what, Calibration c) {
    assertTrue(c.windowHighSiemens() > c.windowLowSiemens(), what);
    for (double v : new double[] {c.voltsPerWeight(), c.siemensPerWeight(), c.toleranceSiemens(), c.slopeSiemensPerVolt()})
      assertTrue(Double.isFinite(v) && v > 0, what + ": " + v);
    assertTrue(c.stuckCells().size() <= c.cellsTested(), what);
    c.writeVerifyOptions();
    c.gateResponse();
    Fuzz.loadsOrRefuses(what + " on its board", () -> {
      c.checkFits(spec);
      return c.targetCalibration();
    }, IllegalArgumentException.class);
  }

  @Test
  void mutatedCalibrationsAreUsableOrRefusedInOneLine() {
    int loaded = 0;
    for (int k = 0; k < CASES; k++) {
      String json = JsonMutations.mutate(valid, Fuzz.random(31, k));
      String what = "case " + k;
      var c = Fuzz.loadsOrRefuses(what, () -> CalibrationJson.fromJson(json, what));
      if (c.isPresent()) {
        loaded++;
        assertUsable(what, c.get());
      }
    }
    assertTrue(loaded > 0 && loaded < CASES, "some mutations are harmless, most are found: " + loaded);
  }

  /** The malformed files of the issue, by class: every one refused with one line naming the file. */
  @Test
  void everyFieldOfTheWrongTypeOrOutOfRangeIsRefused() {
    JsonObject o = JsonParser.parseString(valid).getAsJsonObject();
    List<String> cases = new ArrayList<>();
    List<JsonElement> wrong = List.of(new JsonPrimitive("NaN"), new JsonPrimitive("Infinity"), new JsonPrimitive("-Infinity"),
        new JsonPrimitive("12"), new JsonPrimitive(true), new JsonArray(), new JsonObject());
    for (String field : o.keySet()) {
      if (field.equals("board") || field.equals("format")) continue;
      for (JsonElement bad : wrong)
        if (!(bad.isJsonArray() && o.get(field).isJsonArray())) cases.add(with(o, field, bad)); // [] is an empty list, fine
      cases.add(without(o, field));
      if (o.get(field).isJsonPrimitive() && !field.equals("offsetSiemens") && !field.equals("formatVersion")) {
        cases.add(with(o, field, new JsonPrimitive(-1)));
        cases.add(with(o, field, new JsonPrimitive(1e300)));
      }
    }
    cases.add(with(o, "board", new JsonPrimitive(3)));
    cases.add(with(o, "formatVersion", new JsonPrimitive(2)));
    cases.add(with(o, "cellsTested", new JsonPrimitive(1.5)));
    cases.add(with(o, "windowHighSiemens", o.get("windowLowSiemens")));
    cases.add(with(o, "centerSiemens", new JsonPrimitive(o.get("windowHighSiemens").getAsDouble() * 2)));
    cases.add(with(o, "cellsTested", new JsonPrimitive(o.getAsJsonArray("stuckCells").size() - 1)));
    JsonArray many = new JsonArray();
    for (int i = 0; i <= spec.arrays() * spec.rows() * spec.cols(); i++) many.add(o.getAsJsonArray("stuckCells").get(0));
    cases.add(with(o, "stuckCells", many));
    cases.add(with(o, "badRows", JsonParser.parseString("[[0]]")));
    cases.add(with(o, "badCols", JsonParser.parseString("[[0, -1]]")));
    cases.add(with(o, "badRows", JsonParser.parseString("[[0, 99999999999]]")));
    cases.add(with(o, "stuckCells", JsonParser.parseString("[{\"array\": 0, \"row\": 0, \"col\": 0, \"siemens\": \"NaN\"}]")));
    cases.add(with(o, "stuckCells", JsonParser.parseString("[{\"array\": -1, \"row\": 0, \"col\": 0, \"siemens\": 1e-6}]")));
    cases.add(with(o, "stuckCells", JsonParser.parseString("[[0, 0, 0]]")));
    cases.add("[" .repeat(100_000) + "]".repeat(100_000));
    cases.add("{\"format\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}");
    cases.add(valid.replace("\"slopeSiemensPerVolt\": ", "\"slopeSiemensPerVolt\": NaN, \"x\": "));
    cases.add(valid.replace("\"maxWeight\": 2.0", "\"maxWeight\": Infinity"));
    cases.add("");
    cases.add("[]");
    cases.add("null");
    cases.add("{\"format\": \"insitu-calibration\"}");
    cases.add(valid.substring(0, valid.length() / 2));
    for (int k = 0; k < cases.size(); k++) {
      String json = cases.get(k);
      BadInputException e = assertThrows(BadInputException.class, () -> CalibrationJson.fromJson(json, "cal.json"), "case " + k + ": "
          + json.substring(0, Math.min(json.length(), 300)));
      Fuzz.assertOneLine("case " + k, e.getMessage());
      assertTrue(e.getMessage().startsWith("cal.json: "), e.getMessage());
      assertFalse(e.getMessage().contains("http"), e.getMessage());
    }
    assertTrue(cases.size() >= 45, "as many classes as the issue's files: " + cases.size());
  }

  private static String with(JsonObject o, String field, JsonElement value) {
    JsonObject c = o.deepCopy();
    c.add(field, value);
    return c.toString();
  }

  private static String without(JsonObject o, String field) {
    JsonObject c = o.deepCopy();
    c.remove(field);
    return c.toString();
  }
}
