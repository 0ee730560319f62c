package insitu.sdk.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fonts, colours and rendering settings shared by every plot. Text is measured with the same
 * {@link FontRenderContext} it is drawn with (antialiased, fractional metrics, identity transform),
 * so the boxes the layout computes are the ones on the image.
 *
 * <p>The typeface is DejaVu Sans, loaded from its file when the system has one (Debian's
 * {@code fonts-dejavu-core}), so the bytes of a plot do not depend on what fontconfig would pick;
 * without it the plots fall back to the JDK's logical sans-serif font.
 */
record PlotStyle(Font title, Font axisTitle, Font tick, Font label, Font small) {
  static final String FAMILY = "DejaVu Sans";
  static final Color INK = new Color(0x22, 0x22, 0x22), GRID = new Color(0xE4, 0xE4, 0xE4), MINOR_GRID = new Color(0xF2, 0xF2, 0xF2),
      FRAME = new Color(0x88, 0x88, 0x88), MUTED = new Color(0x66, 0x66, 0x66);
  private static final FontRenderContext FRC = new FontRenderContext(null, true, true);
  private static final List<String> FONT_DIRS = List.of("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
      "/usr/share/fonts/TTF", "/usr/share/fonts/dejavu-sans-fonts");

  static PlotStyle standard() {
    Font regular = load("DejaVuSans.ttf", Font.PLAIN), bold = load("DejaVuSans-Bold.ttf", Font.BOLD);
    return new PlotStyle(bold.deriveFont(15f), regular.deriveFont(12.5f), regular.deriveFont(11f), regular.deriveFont(11f),
        regular.deriveFont(10f));
  }

  /** The family the plots are drawn in: DejaVu Sans when installed. */
  String family() {
    return label.getFamily();
  }

  double width(String text, Font f) {
    return f.getStringBounds(text, FRC).getWidth();
  }

  /** Line height: ascent plus descent, the same for every text of a font. */
  double height(Font f) {
    var m = f.getLineMetrics("Hg", FRC);
    return m.getAscent() + m.getDescent();
  }

  /** The text cut with an ellipsis so it is at most {@code max} pixels wide. */
  String fit(String text, Font f, double max) {
    if (width(text, f) <= max) return text;
    int n = text.length();
    while (n > 0 && width(text.substring(0, n) + "…", f) > max) n--;
    return text.substring(0, n) + "…";
  }

  /** A white canvas with the fixed rendering settings every plot uses. */
  static Graphics2D canvas(BufferedImage img) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    return g;
  }

  private static Font load(String file, int style) {
    for (String dir : FONT_DIRS) {
      Path p = Path.of(dir, file);
      if (!Files.isRegularFile(p)) continue;
      try {
        return Font.createFont(Font.TRUETYPE_FONT, p.toFile());
      } catch (IOException | FontFormatException e) {
        // A damaged font file: try the next place, then the installed family, then the logical font.
      }
    }
    Font byName = new Font(FAMILY, style, 12);
    return byName.getFamily().equals(FAMILY) ? byName : new Font(Font.SANS_SERIF, style, 12);
  }
}
