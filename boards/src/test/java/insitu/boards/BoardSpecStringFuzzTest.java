package insitu.boards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.boards.sim.DeviceModel;
import insitu.numeric.parallel.Workers;
import insitu.testing.Fuzz;
import insitu.testing.HangGuard;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Board spec strings as users type them, damaged: values NaN, negative, huge, fractional or not
 * numbers, keys unknown or repeated, separators lost. Each parses to a board within every range,
 * or is refused in one line; the small ones that parse also open.
 */
class BoardSpecStringFuzzTest {
  private static final int CASES = 400;
  private static final List<String> VALID = List.of(
      "sim:paper?arrays=2&rows=16&cols=8&seed=3&stuck=0.1&readNoise=0.01&badRows=0:3;1:15&badCols=1:7",
      "sim:realistic?arrays=1&rows=12&cols=10&window=60&adcBits=12&writeNoise=0.5",
      "sim:ideal?rows=4&cols=4", "sim", "sim:paper?stuck=0&seed=-5");
  private static final String[] NASTY = {"NaN", "-NaN", "Infinity", "-Infinity", "-1", "-0", "0", "999999999", "2147483648", "1e308", "1.5",
      "", " ", "0x10", "1e3", "65535", "65536", "9223372036854775808", "-9223372036854775809", "abc", "3:", ":4", "1:2:3", "0:-1", "99:0",
      "1", "2", "8", "0.05", "0.5", "12", "100", "0:1"};

  @Test
  @HangGuard
  void damagedSpecStringsGiveABoardInRangeOrOneLineRefusal() {
    int parsed = 0;
    try (Workers workers = Workers.sequential()) {
      for (int k = 0; k < CASES; k++) {
        SplittableRandom r = Fuzz.random(11, k);
        String spec = mutate(VALID.get(r.nextInt(VALID.size())), r);
        var config = Fuzz.loadsOrRefuses("case " + k + " '" + spec + "'", () -> BoardOpener.simulated(spec, 1), IllegalArgumentException.class);
        if (config.isEmpty()) continue;
        parsed++;
        assertSane(spec, config.get());
        BoardSpec s = config.get().spec();
        if ((long) s.arrays() * s.rows() * s.cols() <= 1 << 16)
          Fuzz.loadsOrRefuses("opening case " + k + " '" + spec + "'", () -> {
            try (Board b = BoardOpener.open(spec, 1, workers)) {
              assertEquals(s, b.spec());
            }
            return null;
          }, IllegalArgumentException.class);
      }
    }
    assertTrue(parsed > CASES / 20, "some damaged specs still parse: " + parsed);
  }

  /** What a board that parsed must satisfy whatever the string said. */
  private static void assertSane(String spec, BoardOpener.SimulatedConfig c) {
    BoardSpec s = c.spec();
    assertTrue(s.arrays() >= 1 && s.arrays() <= BoardOpener.MAX_ARRAYS && s.rows() >= 1 && s.rows() <= BoardOpener.MAX_LINES
        && s.cols() >= 1 && s.cols() <= BoardOpener.MAX_LINES, spec);
    DeviceModel m = c.model();
    for (double v : new double[] {m.stuckOffFraction(), m.stuckOnFraction(), m.readNoiseRelative(), m.writeNoiseSiemens(), m.maxSiemens()})
      assertTrue(Double.isFinite(v) && v >= 0, spec + ": model value " + v);
    assertTrue(m.stuckOffFraction() + m.stuckOnFraction() <= 1, spec);
    for (long key : s.defects().badRows()) assertTrue((key >>> 32) < s.arrays() && (int) key < s.rows(), spec);
    for (long key : s.defects().badCols()) assertTrue((key >>> 32) < s.arrays() && (int) key < s.cols(), spec);
  }

  private static String mutate(String valid, SplittableRandom r) {
    String s = valid;
    for (int edits = 1 + r.nextInt(3); edits > 0; edits--) {
      int eq = s.indexOf('=', r.nextInt(s.length()));
      switch (r.nextInt(6)) {
        case 0, 1 -> {
          if (eq < 0) { s = s + (s.contains("?") ? "&" : "?") + "arrays=" + NASTY[r.nextInt(NASTY.length)]; break; }
          int end = s.indexOf('&', eq);
          s = s.substring(0, eq + 1) + NASTY[r.nextInt(NASTY.length)] + (end < 0 ? "" : s.substring(end));
        }
        case 2 -> {
          String key = List.of("arrays", "rows", "cols", "seed", "stuck", "readNoise", "writeNoise", "window", "adcBits", "badRows", "badCols",
              "bogus", "").get(r.nextInt(13));
          s = s + (s.contains("?") ? "&" : "?") + key + (r.nextInt(5) == 0 ? "" : "=" + NASTY[r.nextInt(NASTY.length)]);
        }
        case 3 -> {
          int at = r.nextInt(s.length());
          s = s.substring(0, at) + s.substring(at + 1);
        }
        case 4 -> {
          int at = r.nextInt(s.length() + 1);
          s = s.substring(0, at) + "?&=:;\u00e9\u0000".charAt(r.nextInt(7)) + s.substring(at);
        }
        default -> s = s.substring(0, r.nextInt(s.length() + 1));
      }
      if (s.isEmpty()) s = "sim";
    }
    return s;
  }

  @Test
  void theIssuesExamplesAreRefusedNamingTheOption() {
    for (String spec : List.of("sim:paper?arrays=999999999", "sim?stuck=-1", "sim?readNoise=NaN", "sim?rows=0", "sim?cols=-3",
        "sim?window=Infinity", "sim?writeNoise=1e308", "sim?adcBits=25", "sim?badRows=5:0", "sim?frobnicate=1", "sim?seed=1.5")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BoardOpener.simulated(spec, 1), spec);
      Fuzz.assertOneLine(spec, e.getMessage());
      String key = spec.substring(spec.indexOf('?') + 1, spec.indexOf('='));
      assertTrue(e.getMessage().contains(key), spec + ": " + e.getMessage());
    }
  }

  @Test
  void aBoardTooBigToSimulateIsRefusedBeforeItsCellsAreAllocated() {
    String huge = "sim:paper?arrays=65535&rows=65535&cols=65535";
    assertEquals(65535, BoardOpener.spec(huge).arrays(), "a spec alone costs nothing");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BoardOpener.open(huge, 1));
    assertTrue(e.getMessage().contains("cells"), e.getMessage());
    String tooBigForHeap = "sim:realistic?arrays=" + (int) Math.min(65535, Runtime.getRuntime().maxMemory() / (128 * 64 * 20) + 1);
    e = assertThrows(IllegalArgumentException.class, () -> BoardOpener.open(tooBigForHeap, 1));
    assertTrue(e.getMessage().contains("INSITU_JAVA_OPTS"), e.getMessage());
  }

  @Test
  void serialOptionsOutOfRangeAreRefusedBeforeThePortIsOpened() {
    for (String spec : List.of("serial:/dev/null?baud=0", "serial:/dev/null?baud=NaN", "serial:/dev/null?timeoutMs=-1",
        "serial:/dev/null?timeoutMs=99999999999", "serial:/dev/null?baud=2147483648")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BoardOpener.open(spec, 1), spec);
      Fuzz.assertOneLine(spec, e.getMessage());
    }
  }
}
