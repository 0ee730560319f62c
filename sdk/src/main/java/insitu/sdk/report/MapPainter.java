package insitu.sdk.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.function.IntFunction;

/** Paints what a {@link MapLayout} places; the maps supply each panel's pixels and the layers' colours. */
final class MapPainter {
  private static final Color NAME_BACKGROUND = new Color(255, 255, 255, 225), HALO = new Color(0, 0, 0, 150);

  private MapPainter() {}

  /** Draws panel k's heatmap pixels (w × h, RGB) into its box. */
  static void heatmap(BufferedImage img, Box hm, int[] rgb) {
    int w = (int) hm.w(), h = (int) hm.h();
    img.setRGB((int) hm.x(), (int) hm.y(), w, h, rgb, 0, w);
  }

  /**
   * Frames, ticks, tile outlines (white on a dark halo, or the layer's colour when {@code layerColour}
   * is given), names, markers, key and header.
   */
  static void overlay(Graphics2D g, MapLayout l, IntFunction<Color> layerColour, IntFunction<Color> extraSwatch) {
    g.setStroke(new BasicStroke(1f));
    g.setColor(PlotStyle.FRAME);
    for (Box hm : l.grid().heatmaps()) g.draw(new Rectangle2D.Double(hm.x() - 0.5, hm.y() - 0.5, hm.w() + 1, hm.h() + 1));
    for (double[] m : l.grid().tickMarks()) g.draw(new Line2D.Double(m[0], m[1], m[2], m[3]));
    for (TileLabels.Outline o : l.tiles().outlines()) {
      Rectangle2D r = new Rectangle2D.Double(o.box().x(), o.box().y(), o.box().w(), o.box().h());
      if (layerColour == null) {
        g.setStroke(new BasicStroke(3f));
        g.setColor(HALO);
        g.draw(r);
        g.setStroke(new BasicStroke(1.2f));
        g.setColor(Color.WHITE);
      } else {
        g.setStroke(new BasicStroke(1f));
        g.setColor(layerColour.apply(o.block()).darker());
      }
      g.draw(r);
    }
    for (TileLabels.Marker m : l.tiles().markers()) {
      if (m.leader() == null) continue;
      Line2D line = new Line2D.Double(m.leader()[0], m.leader()[1], m.leader()[2], m.leader()[3]);
      if (layerColour == null) {
        // Over a heatmap a plain dark line vanishes on the dark end of the scale: white on a halo, as the outlines.
        g.setStroke(new BasicStroke(2.5f));
        g.setColor(HALO);
        g.draw(line);
        g.setColor(Color.WHITE);
      } else {
        g.setColor(PlotStyle.INK);
      }
      g.setStroke(new BasicStroke(1f));
      g.draw(line);
    }
    for (TileLabels.Name n : l.tiles().names()) {
      Box b = n.background();
      g.setColor(NAME_BACKGROUND);
      g.fill(new RoundRectangle2D.Double(b.x(), b.y(), b.w(), b.h(), 4, 4));
      n.text().draw(g);
    }
    for (TileLabels.Marker m : l.tiles().markers()) marker(g, m.circle(), m.number(), ring(layerColour, m.block()));
    for (MapLayout.KeyEntry e : l.key()) {
      if (e.block() >= 0) {
        marker(g, e.mark(), e.number(), ring(layerColour, e.block()));
      } else {
        Box b = e.mark().grow(-2);
        g.setColor(extraSwatch.apply(-1 - e.block()));
        g.fill(new Rectangle2D.Double(b.x(), b.y(), b.w(), b.h()));
        g.setColor(PlotStyle.FRAME);
        g.draw(new Rectangle2D.Double(b.x(), b.y(), b.w(), b.h()));
      }
      e.text().draw(g);
    }
    for (Label t : l.grid().titles()) t.draw(g);
    for (Label t : l.grid().ticks()) t.draw(g);
    for (Label t : l.header()) t.draw(g);
  }

  private static Color ring(IntFunction<Color> layerColour, int block) {
    return layerColour == null ? PlotStyle.INK : layerColour.apply(block).darker();
  }

  private static void marker(Graphics2D g, Box c, Label number, Color ring) {
    Ellipse2D e = new Ellipse2D.Double(c.x() + 0.75, c.y() + 0.75, c.w() - 1.5, c.h() - 1.5);
    g.setColor(Color.WHITE);
    g.fill(e);
    g.setStroke(new BasicStroke(1.5f));
    g.setColor(ring);
    g.draw(e);
    g.setStroke(new BasicStroke(1f));
    number.draw(g);
  }
}
