package insitu.sdk.report;

import insitu.runtime.train.EpochReport;
import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * PNG plot of a training run: accuracy (train and test), loss and pulses per epoch in three panels
 * on one epoch axis. Java2D, headless, the same bytes for the same run.
 */
public final class TrainingCurve {
  private TrainingCurve() {}

  /** What the title names: the model, the board it trained on and the update rule. */
  public record Run(String model, String board, String update) {
    String title() {
      return "In situ training of " + model + " on " + board + " · update " + update;
    }
  }

  /** Writes the plot of {@code epochs} (possibly none, as for a resumed run that had finished) to {@code file}. */
  public static void write(List<EpochReport> epochs, Run run, Path file) throws IOException {
    PngFiles.write(render(epochs, run), file);
  }

  static BufferedImage render(List<EpochReport> epochs, Run run) {
    PlotStyle s = PlotStyle.standard();
    CurveLayout l = CurveLayout.of(epochs, run.title(), s);
    BufferedImage img = new BufferedImage(l.width(), l.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = PlotStyle.canvas(img);
    for (CurveLayout.Panel p : l.panels()) panel(g, l, p);
    for (CurveLayout.Legend e : l.legend()) {
      g.setColor(e.colour());
      g.fill(new Rectangle2D.Double(e.swatch().x(), e.swatch().y(), e.swatch().w(), e.swatch().h()));
      g.fill(marker(e.swatch().centreX(), e.swatch().centreY()));
    }
    for (Label t : l.labels()) t.draw(g);
    g.dispose();
    return img;
  }

  private static void panel(Graphics2D g, CurveLayout l, CurveLayout.Panel p) {
    Box b = p.plot();
    g.setStroke(new BasicStroke(1f));
    g.setColor(PlotStyle.MINOR_GRID);
    for (double v : p.y().minor()) hLine(g, b, p.yPix(v));
    g.setColor(PlotStyle.GRID);
    for (double v : p.y().values()) hLine(g, b, p.yPix(v));
    for (double v : l.x().values()) vLine(g, l.xPix(b, v), b.y(), b.bottom());
    g.setColor(PlotStyle.FRAME);
    for (Label t : p.tickLabels()) g.draw(new Line2D.Double(b.x() - CurveLayout.TICK, t.box().centreY(), b.x(), t.box().centreY()));
    for (double v : l.x().values()) vLine(g, l.xPix(b, v), b.bottom(), b.bottom() + CurveLayout.TICK);
    g.draw(new Rectangle2D.Double(b.x(), b.y(), b.w(), b.h()));
    var clip = g.getClip();
    g.clip(new Rectangle2D.Double(b.x(), b.y(), b.w(), b.h()));
    for (CurveLayout.Series s : p.series()) {
      if (s.bars()) bars(g, l, p, s);
      else line(g, l, p, s);
    }
    g.setClip(clip);
  }

  /** Lines between consecutive finite points (a NaN, such as a missing test accuracy, leaves a gap). */
  private static void line(Graphics2D g, CurveLayout l, CurveLayout.Panel p, CurveLayout.Series s) {
    double[] x = l.epochs(), y = s.y();
    boolean markers = l.markers(p.plot());
    g.setColor(s.colour());
    g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    Path2D.Double path = new Path2D.Double();
    boolean open = false;
    for (int i = 0; i < y.length; i++) {
      if (!Double.isFinite(y[i])) {
        open = false;
        continue;
      }
      double px = l.xPix(p.plot(), x[i]), py = p.yPix(y[i]);
      if (open) path.lineTo(px, py);
      else path.moveTo(px, py);
      open = true;
      boolean isolated = (i == 0 || !Double.isFinite(y[i - 1])) && (i == y.length - 1 || !Double.isFinite(y[i + 1]));
      if (markers || isolated) g.fill(marker(px, py));
    }
    g.draw(path);
  }

  private static void bars(Graphics2D g, CurveLayout l, CurveLayout.Panel p, CurveLayout.Series s) {
    double[] x = l.epochs(), y = s.y();
    double slot = p.plot().w() / Math.max(1, l.x().hi() - l.x().lo());
    double w = Math.max(1, Math.min(40, slot * 0.7));
    g.setColor(s.colour());
    for (int i = 0; i < y.length; i++) {
      if (!(y[i] > (p.y().log() ? 0 : Double.NEGATIVE_INFINITY)) || !Double.isFinite(y[i])) continue;
      double top = p.yPix(y[i]), cx = l.xPix(p.plot(), x[i]);
      g.fill(new Rectangle2D.Double(cx - w / 2, top, w, p.plot().bottom() - top));
    }
  }

  private static Ellipse2D marker(double x, double y) {
    return new Ellipse2D.Double(x - 3, y - 3, 6, 6);
  }

  private static void hLine(Graphics2D g, Box b, double y) {
    g.draw(new Line2D.Double(b.x(), y, b.right(), y));
  }

  private static void vLine(Graphics2D g, double x, double y0, double y1) {
    g.draw(new Line2D.Double(x, y0, x, y1));
  }

}
