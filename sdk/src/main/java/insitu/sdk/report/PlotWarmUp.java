package insitu.sdk.report;

import java.awt.AWTError;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;

/**
 * Draws and encodes a throwaway plot on a background thread, so that Java2D, the fonts and the PNG
 * writer load while a run sets up and trains rather than after it: a cold start of the plots costs
 * a short run (the demo) about 0.3 s at its end (docs/BENCHMARKS.md, issue 20).
 */
public final class PlotWarmUp {
  private PlotWarmUp() {}

  /** Starts the warm-up on a daemon thread of its own, which ends when the throwaway plot is encoded. */
  public static void start() {
    Thread t = new Thread(PlotWarmUp::draw, "insitu-plot-warm-up");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Renders an empty training curve and encodes a small image (the PNG writer's classes; encoding a
   * whole plot would only compile its loops early); a failure is left for the real plots to report.
   */
  static void draw() {
    try {
      TrainingCurve.render(List.of(), new TrainingCurve.Run("", "", ""));
      PngFiles.encode(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB));
    } catch (IOException | RuntimeException | LinkageError | AWTError | InternalError e) {
      // The run's own plots meet the same problem and say what it is (a JDK without usable fonts
      // throws InternalError from its font manager: the plots report it, a warm-up must not end the run).
    }
  }
}
