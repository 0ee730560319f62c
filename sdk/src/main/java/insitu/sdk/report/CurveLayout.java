package insitu.sdk.report;

import insitu.runtime.train.EpochReport;
import insitu.sdk.report.Label.Anchor;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where everything of the training curve goes: three panels stacked on one epoch axis (accuracy,
 * loss, pulses per epoch), their ticks and titles, the legend and the figure title. Pure geometry:
 * {@link TrainingCurve} paints it.
 */
record CurveLayout(int width, int height, List<Label> header, List<Legend> legend, List<Panel> panels, Ticks x,
                   List<Label> xLabels, Label xTitle, Label message, double[] epochs) {
  static final Color TRAIN = new Color(31, 119, 180), TEST = new Color(214, 39, 40), LOSS = new Color(148, 103, 189),
      PULSES = new Color(44, 160, 44);
  static final int WIDTH = 960, PAD = 16, PANEL_GAP = 20, TICK = 4;
  /** Markers on every point while points are at least this far apart (pixels); lines alone beyond. */
  static final double MARKER_SPACING = 14;

  /** One series of a panel: a line with markers, or bars standing on the axis. */
  record Series(String name, double[] y, Color colour, boolean bars) {}

  record Panel(Box plot, Ticks y, Label title, List<Label> tickLabels, List<Series> series) {
    double yPix(double v) {
      return CurveLayout.yPix(y, plot, v);
    }
  }

  static double yPix(Ticks y, Box plot, double v) {
    return plot.bottom() - y.fraction(v) * plot.h();
  }

  static double xPix(Ticks x, Box plot, double epoch) {
    return plot.x() + (epoch - x.lo()) / (x.hi() - x.lo()) * plot.w();
  }

  /** A legend entry: a short line in the series' colour, then its name. */
  record Legend(Box swatch, Color colour, Label name) {}

  double xPix(Box plot, double epoch) {
    return xPix(x, plot, epoch);
  }

  boolean markers(Box plot) {
    return epochs.length <= 1 || plot.w() / epochs.length >= MARKER_SPACING;
  }

  /** Every text of the figure, for overlap checks. */
  List<Label> labels() {
    List<Label> all = new ArrayList<>(header);
    for (Legend l : legend) all.add(l.name);
    for (Panel p : panels) {
      all.add(p.title);
      all.addAll(p.tickLabels);
    }
    all.addAll(xLabels);
    all.add(xTitle);
    if (message != null) all.add(message);
    return all;
  }

  static CurveLayout of(List<EpochReport> reports, String title, PlotStyle s) {
    int n = reports.size();
    double[] ep = new double[n], train = new double[n], test = new double[n], loss = new double[n], pulses = new double[n];
    for (int i = 0; i < n; i++) {
      EpochReport e = reports.get(i);
      ep[i] = e.epoch();
      train[i] = 100 * e.trainAccuracy();
      test[i] = 100 * e.testAccuracy();
      loss[i] = e.loss();
      pulses[i] = e.pulses();
    }
    List<Label> header = new ArrayList<>();
    double y = PAD;
    Label t = Label.at(s, s.fit(title, s.title(), WIDTH - 2 * PAD), s.title(), PlotStyle.INK, Anchor.TOP_LEFT, PAD, y);
    header.add(t);
    y = t.box().bottom() + 4;
    Label sub = Label.at(s, summary(reports), s.label(), PlotStyle.MUTED, Anchor.TOP_LEFT, PAD, y);
    header.add(sub);
    y = sub.box().bottom() + 10;

    double lh = s.height(s.tick());
    double accH = 250, otherH = 150;
    List<PanelSpec> specs = List.of(
        new PanelSpec("accuracy (%)", accH, Ticks.of(concat(train, test), count(accH, lh), Double.POSITIVE_INFINITY, 0, 100),
            List.of(new Series("train", train, TRAIN, false), new Series("test", test, TEST, false))),
        lossSpec(loss, otherH, lh),
        pulsesSpec(pulses, otherH, lh));
    double tickW = 0;
    for (PanelSpec p : specs) for (String l : p.ticks.labels()) tickW = Math.max(tickW, s.width(l, s.tick()));
    double left = PAD + s.height(s.axisTitle()) + 8 + tickW + TICK + 3;
    String widest = n == 0 ? "0" : Long.toString((long) ep[n - 1]);
    double right = WIDTH - PAD - s.width(widest, s.tick()) / 2 - 2;

    List<Legend> legend = legend(s, right, y);
    y = legend.get(0).name().box().bottom() + 6;

    List<Panel> panels = new ArrayList<>();
    for (PanelSpec p : specs) {
      Label yTitle0 = Label.vertical(s, p.title, s.axisTitle(), PlotStyle.INK, Anchor.LEFT, PAD, 0);
      double h = Math.max(p.height, yTitle0.box().h() + 8);
      Box plot = new Box(left, y, right - left, h);
      List<Label> ticks = new ArrayList<>();
      for (int i = 0; i < p.ticks.values().length; i++)
        ticks.add(Label.at(s, p.ticks.labels()[i], s.tick(), PlotStyle.INK, Anchor.RIGHT, left - TICK - 3, yPix(p.ticks, plot, p.ticks.values()[i])));
      Label yTitle = yTitle0.moveTo(PAD, plot.centreY() - yTitle0.box().h() / 2);
      panels.add(new Panel(plot, p.ticks, yTitle, dropOverlapping(ticks), p.series));
      y += h + PANEL_GAP;
    }
    Box last = panels.get(panels.size() - 1).plot();
    double maxLabelW = s.width(widest, s.tick()) + 14;
    Ticks xt = n == 0 ? new Ticks(0.5, 1.5, false, new double[0], new String[0], new double[0])
        : Ticks.integers((int) ep[0], (int) ep[n - 1], (int) Math.max(1, last.w() / maxLabelW));
    List<Label> xl = new ArrayList<>();
    for (int i = 0; i < xt.values().length; i++)
      xl.add(Label.at(s, xt.labels()[i], s.tick(), PlotStyle.INK, Anchor.TOP_CENTRE, xPix(xt, last, xt.values()[i]), last.bottom() + TICK + 2));
    xl = dropOverlapping(xl);
    Label xTitle = Label.at(s, "epoch", s.axisTitle(), PlotStyle.INK, Anchor.TOP_CENTRE, last.centreX(), last.bottom() + TICK + 4 + lh + 4);
    Box first = panels.get(0).plot();
    Label message = n > 0 ? null
        : Label.at(s, "no epochs were trained in this run", s.axisTitle(), PlotStyle.MUTED, Anchor.CENTRE, first.centreX(), first.centreY());
    int height = (int) Math.ceil(xTitle.box().bottom() + PAD);
    return new CurveLayout(WIDTH, height, header, legend, panels, xt, xl, xTitle, message, ep);
  }

  private record PanelSpec(String title, double height, Ticks ticks, List<Series> series) {}

  private static PanelSpec lossSpec(double[] loss, double h, double lh) {
    Ticks t = Ticks.of(loss, count(h, lh), 10, 0, Double.NaN);
    return new PanelSpec("training loss" + (t.log() ? " (log)" : ""), h, t, List.of(new Series("loss", loss, LOSS, false)));
  }

  private static PanelSpec pulsesSpec(double[] pulses, double h, double lh) {
    double max = 0;
    for (double p : pulses) max = Math.max(max, p);
    Ticks t = Ticks.of(pulses, count(h, lh), 10, 0, Double.NaN);
    // Counts stand on zero on a linear axis, and never get fractional ticks.
    if (!t.log()) t = Ticks.linear(0, Math.max(1, max), Math.min(count(h, lh), (int) Math.max(2, max + 1)));
    return new PanelSpec("pulses per epoch" + (t.log() ? " (log)" : ""), h, t, List.of(new Series("pulses", pulses, PULSES, true)));
  }

  private static List<Legend> legend(PlotStyle s, double right, double top) {
    List<Legend> out = new ArrayList<>();
    double x = right;
    String[] names = {"test", "train"};
    Color[] colours = {TEST, TRAIN};
    for (int i = 0; i < names.length; i++) {
      Label l = Label.at(s, names[i], s.label(), PlotStyle.INK, Anchor.TOP_RIGHT, x, top);
      Box sw = new Box(l.box().x() - 26, l.box().centreY() - 1, 22, 2);
      out.add(0, new Legend(sw, colours[i], l));
      x = sw.x() - 14;
    }
    return out;
  }

  /** Line of facts under the title: how many epochs, and the last accuracies. */
  private static String summary(List<EpochReport> reports) {
    if (reports.isEmpty()) return "no epochs in this run (a resumed run that had already finished?)";
    EpochReport last = reports.get(reports.size() - 1);
    String test = Double.isNaN(last.testAccuracy()) ? "no test split" : String.format(Locale.ROOT, "test %.2f %%", 100 * last.testAccuracy());
    String span = reports.size() == 1 ? "1 epoch" : String.format(Locale.ROOT, "%d epochs (%d–%d)", reports.size(), reports.get(0).epoch(), last.epoch());
    return String.format(Locale.ROOT, "%s · last epoch: train %.2f %%, %s", span, 100 * last.trainAccuracy(), test);
  }

  /** How many labelled ticks fit a panel of this height, labels at least 1.8 lines apart. */
  private static int count(double h, double lineHeight) {
    return Math.max(2, (int) (h / (lineHeight * 1.8)));
  }

  private static double[] concat(double[] a, double[] b) {
    double[] c = new double[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** Keeps labels in order and drops one that would touch the last one kept (a safety net for dense log ticks). */
  static List<Label> dropOverlapping(List<Label> labels) {
    List<Label> kept = new ArrayList<>();
    for (Label l : labels) if (kept.isEmpty() || !kept.get(kept.size() - 1).box().grow(1).overlaps(l.box())) kept.add(l);
    return kept;
  }
}
