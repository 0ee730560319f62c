package insitu.sdk.report;

import insitu.runtime.train.EpochReport;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** PNG plot of train and test accuracy per epoch (Java2D, headless). */
public final class TrainingCurve {
  private static final int W = 720, H = 440, L = 70, R = 20, T = 40, B = 60;

  private TrainingCurve() {}

  public static void write(List<EpochReport> epochs, Path file) throws IOException {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    double lo = 1.0;
    for (EpochReport e : epochs) {
      lo = Math.min(lo, e.trainAccuracy());
      if (!Double.isNaN(e.testAccuracy())) lo = Math.min(lo, e.testAccuracy());
    }
    lo = Math.max(0, Math.floor(lo * 10) / 10);
    double yMin = lo, yMax = 1.0;
    int n = Math.max(epochs.size(), 1);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(new Color(230, 230, 230));
    for (int k = 0; k <= 10; k++) {
      double v = yMin + (yMax - yMin) * k / 10;
      int y = yPix(v, yMin, yMax);
      g.drawLine(L, y, W - R, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format("%.0f%%", v * 100), 20, y + 4);
      g.setColor(new Color(230, 230, 230));
    }
    g.setColor(Color.BLACK);
    g.drawRect(L, T, W - L - R, H - T - B);
    for (int e = 1; e <= n; e++) g.drawString(Integer.toString(e), xPix(e, n) - 4, H - B + 18);
    g.drawString("epoch", W / 2 - 15, H - 15);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString("In situ training: accuracy per epoch", L, 25);
    g.setStroke(new BasicStroke(2f));
    plot(g, epochs, n, yMin, yMax, true, new Color(31, 119, 180));
    plot(g, epochs, n, yMin, yMax, false, new Color(214, 39, 40));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(new Color(31, 119, 180));
    g.drawString("train", W - R - 120, T + 20);
    g.setColor(new Color(214, 39, 40));
    g.drawString("test", W - R - 60, T + 20);
    g.dispose();
    PngFiles.write(img, file);
  }

  private static void plot(Graphics2D g, List<EpochReport> epochs, int n, double lo, double hi, boolean train, Color c) {
    g.setColor(c);
    int px = -1, py = -1;
    for (EpochReport e : epochs) {
      double v = train ? e.trainAccuracy() : e.testAccuracy();
      if (Double.isNaN(v)) continue;
      int x = xPix(e.epoch(), n), y = yPix(v, lo, hi);
      if (px >= 0) g.drawLine(px, py, x, y);
      g.fillOval(x - 3, y - 3, 6, 6);
      px = x;
      py = y;
    }
  }

  private static int xPix(int epoch, int n) {
    return L + (int) Math.round((epoch - 0.5) / n * (W - L - R));
  }

  private static int yPix(double v, double lo, double hi) {
    return T + (int) Math.round((hi - v) / (hi - lo) * (H - T - B));
  }
}
