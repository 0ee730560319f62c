package insitu.sdk.report;

import insitu.sdk.report.Label.Anchor;
import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/** A vertical viridis bar with its ticks and a title up its side, in the box a map keeps for it. */
record ColourBar(Box bar, Ticks ticks, List<Label> tickLabels, Label title) {
  static final double BAR = 14;

  /** Width the bar needs when its tick labels are at most as wide as {@code widestTick}. */
  static double width(PlotStyle s, String widestTick) {
    return BAR + 4 + s.width(widestTick, s.small()) + 10 + s.height(s.axisTitle());
  }

  static ColourBar of(PlotStyle s, Box side, Ticks t, String title) {
    Box bar = new Box(side.x(), side.y(), BAR, side.h());
    List<Label> labels = new ArrayList<>();
    for (int i = 0; i < t.values().length; i++)
      labels.add(Label.at(s, t.labels()[i], s.small(), PlotStyle.INK, Anchor.LEFT, bar.right() + 4, bar.bottom() - t.fraction(t.values()[i]) * bar.h()));
    labels = CurveLayout.dropOverlapping(labels);
    Label l = Label.vertical(s, title, s.axisTitle(), PlotStyle.INK, Anchor.RIGHT, side.right(), bar.centreY());
    return new ColourBar(bar, t, labels, l);
  }

  List<Label> labels() {
    List<Label> all = new ArrayList<>(tickLabels);
    all.add(title);
    return all;
  }

  void paint(Graphics2D g) {
    int steps = (int) Math.max(1, Math.round(bar.h()));
    for (int i = 0; i < steps; i++) {
      g.setColor(Viridis.color(1 - (i + 0.5) / steps));
      g.fill(new Rectangle2D.Double(bar.x(), bar.y() + bar.h() * i / steps, bar.w(), bar.h() / steps + 0.5));
    }
    g.setColor(PlotStyle.FRAME);
    g.setStroke(new BasicStroke(1f));
    g.draw(new Rectangle2D.Double(bar.x(), bar.y(), bar.w(), bar.h()));
    for (Label l : tickLabels) g.draw(new Line2D.Double(bar.right(), l.box().centreY(), bar.right() + 3, l.box().centreY()));
    for (Label l : labels()) l.draw(g);
  }
}
