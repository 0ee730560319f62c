package insitu.sdk.report;

import static org.junit.jupiter.api.Assertions.*;

import insitu.runtime.train.EpochReport;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCurveTest {
  static final TrainingCurve.Run RUN = new TrainingCurve.Run("paper-cnn", "sim:paper", "paper+accumulate(0.1 V)");
  @TempDir Path tmp;

  @Test
  void sameRunGivesTheSameBytes() throws Exception {
    byte[] a = PngFiles.encode(TrainingCurve.render(Synthetic.demoRun(), RUN));
    byte[] b = PngFiles.encode(TrainingCurve.render(Synthetic.demoRun(), RUN));
    assertArrayEquals(a, b);
    BufferedImage back = ImageIO.read(new ByteArrayInputStream(a));
    CurveLayout l = CurveLayout.of(Synthetic.demoRun(), RUN.title(), PlotStyle.standard());
    assertEquals(CurveLayout.WIDTH, back.getWidth());
    assertEquals(l.height(), back.getHeight());
  }

  @Test
  void threePanelsWithAxisTitlesLegendAndATitleNamingTheRun() {
    CurveLayout l = CurveLayout.of(Synthetic.demoRun(), RUN.title(), PlotStyle.standard());
    assertEquals(List.of("accuracy (%)", "training loss", "pulses per epoch (log)"), l.panels().stream().map(p -> p.title().text()).toList());
    assertEquals(List.of("train", "test"), l.legend().stream().map(e -> e.name().text()).toList());
    assertEquals("epoch", l.xTitle().text());
    String title = l.header().get(0).text();
    assertTrue(title.contains("paper-cnn") && title.contains("sim:paper") && title.contains("accumulate"), title);
    assertEquals(List.of("100", "200", "500", "1k", "2k", "5k", "10k"), l.panels().get(2).tickLabels().stream().map(Label::text).toList());
    for (CurveLayout.Panel p : l.panels()) assertEquals(l.panels().get(0).plot().x(), p.plot().x(), "panels share the epoch axis");
  }

  @Test
  void labelsNeverOverlapFromNoEpochToHundreds() {
    List<List<EpochReport>> runs = new ArrayList<>(List.of(List.of(), Synthetic.demoRun().subList(0, 1), Synthetic.demoRun(),
        Synthetic.longRun(300), Synthetic.longRun(1000)));
    runs.add(List.of(Synthetic.epoch(7, 0.5, Double.NaN, Double.NaN, 0)));
    for (List<EpochReport> run : runs) {
      CurveLayout l = CurveLayout.of(run, RUN.title(), PlotStyle.standard());
      Synthetic.assertApart(Synthetic.boxes(l.labels()), l.width(), l.height());
      for (CurveLayout.Panel p : l.panels())
        for (Label t : p.tickLabels()) assertTrue(t.box().bottom() > p.plot().y() - 8 && t.box().y() < p.plot().bottom() + 8, t.text());
    }
  }

  @Test
  void longRunsThinTheEpochTicksAndDropTheMarkers() {
    CurveLayout l = CurveLayout.of(Synthetic.longRun(300), RUN.title(), PlotStyle.standard());
    assertTrue(l.xLabels().size() <= 20 && l.xLabels().size() >= 5, l.xLabels().size() + " epoch labels");
    assertFalse(l.markers(l.panels().get(0).plot()));
    assertTrue(CurveLayout.of(Synthetic.demoRun(), RUN.title(), PlotStyle.standard()).markers(l.panels().get(0).plot()));
  }

  @Test
  void noEpochsSaysSoAndOneEpochIsAPoint() throws Exception {
    CurveLayout none = CurveLayout.of(List.of(), RUN.title(), PlotStyle.standard());
    assertNotNull(none.message());
    assertEquals(0, none.xLabels().size());
    CurveLayout one = CurveLayout.of(Synthetic.demoRun().subList(0, 1), RUN.title(), PlotStyle.standard());
    assertNull(one.message());
    assertEquals(List.of("1"), one.xLabels().stream().map(Label::text).toList());
    Path f = tmp.resolve("curve.png");
    TrainingCurve.write(List.of(), RUN, f);
    TrainingCurve.write(Synthetic.demoRun().subList(0, 1), RUN, f);
    assertNotNull(ImageIO.read(f.toFile()));
    try (var files = Files.list(tmp)) {
      assertEquals(List.of(f), files.toList(), "no temp file left behind");
    }
  }

  @Test
  void missingTestAccuracyLeavesAGapNotAZero() {
    List<EpochReport> run = new ArrayList<>(Synthetic.demoRun());
    run.set(5, Synthetic.epoch(6, 0.937, Double.NaN, 0.2, 1107));
    CurveLayout l = CurveLayout.of(run, RUN.title(), PlotStyle.standard());
    assertTrue(l.panels().get(0).y().lo() >= 70, "the axis is not stretched down to 0 by the missing value");
    BufferedImage img = TrainingCurve.render(run, RUN);
    assertTrue(count(img, CurveLayout.TEST) > 0 && count(img, CurveLayout.TRAIN) > 0);
    List<EpochReport> noTest = run.stream().map(e -> Synthetic.epoch(e.epoch(), e.trainAccuracy(), Double.NaN, e.loss(), e.pulses())).toList();
    assertTrue(CurveLayout.of(noTest, RUN.title(), PlotStyle.standard()).header().get(1).text().contains("no test split"));
    assertDoesNotThrow(() -> TrainingCurve.render(noTest, RUN));
  }

  @Test
  void everySeriesIsDrawn() {
    BufferedImage img = TrainingCurve.render(Synthetic.demoRun(), RUN);
    for (Color c : new Color[] {CurveLayout.TRAIN, CurveLayout.TEST, CurveLayout.LOSS, CurveLayout.PULSES})
      assertTrue(count(img, c) > 20, "pixels of " + c);
  }

  @Test
  void constantPulsesStayOnALinearAxisFromZero() {
    List<EpochReport> run = Synthetic.demoRun().stream().map(e -> Synthetic.epoch(e.epoch(), e.trainAccuracy(), e.testAccuracy(), e.loss(), 0)).toList();
    CurveLayout.Panel p = CurveLayout.of(run, RUN.title(), PlotStyle.standard()).panels().get(2);
    assertFalse(p.y().log());
    assertEquals(List.of("0", "1"), p.tickLabels().stream().map(Label::text).toList());
    assertEquals("pulses per epoch", p.title().text());
  }

  private static int count(BufferedImage img, Color c) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) n++;
    return n;
  }
}
