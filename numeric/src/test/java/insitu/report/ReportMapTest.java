package insitu.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportMapTest {
  @Test
  void keepsKeysInTheOrderTheyArePut() {
    Map<String, Object> m = new ReportMap().put("zeta", 1).put("alpha", "a").put("mid", 2.5).map();
    assertEquals(List.of("zeta", "alpha", "mid"), List.copyOf(m.keySet()));
    m.put("later", true); // the map stays open for what a caller adds afterwards
    assertEquals("later", List.copyOf(m.keySet()).get(3));
  }

  @Test
  void writesNumbersAsAListAndAReplacedKeyKeepsItsPlace() {
    Map<String, Object> m = new ReportMap().put("a", 0).putNumbers("values", new double[] {1.5, Double.NaN}).put("a", 9).map();
    assertEquals(List.of("a", "values"), List.copyOf(m.keySet()));
    assertEquals(9, m.get("a"));
    assertEquals(List.of(1.5, Double.NaN), m.get("values"));
  }
}
