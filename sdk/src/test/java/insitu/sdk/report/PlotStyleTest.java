package insitu.sdk.report;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class PlotStyleTest {
  @Test
  void drawsInDejaVuSans() {
    String family = PlotStyle.standard().family();
    if ("true".equals(System.getenv("CI"))) assertEquals(PlotStyle.FAMILY, family, "fonts-dejavu-core is missing; CI installs it (.ci/run)");
    assumeTrue(PlotStyle.FAMILY.equals(family), "DejaVu Sans is not installed; the plots use " + family);
    assertEquals(PlotStyle.FAMILY, family);
  }

  @Test
  void longTextIsCutWithAnEllipsisToFit() {
    PlotStyle s = PlotStyle.standard();
    String t = s.fit("a title much too long for the little space it is given", s.label(), 80);
    assertTrue(t.endsWith("…") && s.width(t, s.label()) <= 80, t);
    assertEquals("short", s.fit("short", s.label(), 80));
  }
}
