package insitu.sdk.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.LineMetrics;
import java.awt.geom.AffineTransform;

/**
 * A piece of text and the box it occupies. Layout code places labels and checks them against each
 * other; the painter draws exactly these boxes, so a layout without overlaps is a picture without.
 *
 * @param vertical read bottom to top (an axis title): the box is the rotated text's extent
 */
record Label(String text, Font font, Color colour, Box box, boolean vertical) {

  /** Where a point sits on the label's box: fractions of its width and height. */
  enum Anchor {
    TOP_LEFT(0, 0), TOP_CENTRE(0.5, 0), TOP_RIGHT(1, 0), LEFT(0, 0.5), CENTRE(0.5, 0.5), RIGHT(1, 0.5),
    BOTTOM_LEFT(0, 1), BOTTOM_CENTRE(0.5, 1), BOTTOM_RIGHT(1, 1);

    final double fx, fy;

    Anchor(double fx, double fy) {
      this.fx = fx;
      this.fy = fy;
    }
  }

  static Label at(PlotStyle s, String text, Font f, Color c, Anchor a, double x, double y) {
    double w = s.width(text, f), h = s.height(f);
    return new Label(text, f, c, new Box(x - a.fx * w, y - a.fy * h, w, h), false);
  }

  static Label vertical(PlotStyle s, String text, Font f, Color c, Anchor a, double x, double y) {
    double w = s.height(f), h = s.width(text, f);
    return new Label(text, f, c, new Box(x - a.fx * w, y - a.fy * h, w, h), true);
  }

  /** The same text moved so its box's top-left corner is at (x, y). */
  Label moveTo(double x, double y) {
    return new Label(text, font, colour, box.moveTo(x, y), vertical);
  }

  void draw(Graphics2D g) {
    g.setFont(font);
    g.setColor(colour);
    LineMetrics m = font.getLineMetrics(text, g.getFontRenderContext());
    if (!vertical) {
      g.drawString(text, (float) box.x(), (float) (box.y() + m.getAscent()));
      return;
    }
    AffineTransform saved = g.getTransform();
    g.translate(box.x() + m.getAscent(), box.bottom());
    g.rotate(-Math.PI / 2);
    g.drawString(text, 0f, 0f);
    g.setTransform(saved);
  }
}
