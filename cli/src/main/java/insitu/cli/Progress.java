package insitu.cli;

import insitu.runtime.train.EpochReport;
import insitu.runtime.train.TrainingListener;
import java.io.PrintStream;

/** Progress on stderr: a redrawn bar on a terminal, one line per epoch always. */
final class Progress implements TrainingListener {
  private final PrintStream err = System.err;
  private final boolean terminal = System.console() != null;
  private final boolean quiet;
  private int epochs;
  private long lastDraw;

  Progress(boolean quiet) {
    this.quiet = quiet;
  }

  /** The run's last epoch is its total: "epoch 3/8" also when a resumed run starts at 3. */
  @Override public void onRun(int firstEpoch, int lastEpoch) {
    epochs = lastEpoch;
  }

  @Override public void onBatch(int epoch, int batchIndex, int batches) {
    if (quiet || !terminal) return;
    long now = System.nanoTime();
    if (now - lastDraw < 100_000_000L && batchIndex + 1 < batches) return;
    lastDraw = now;
    int width = 30, done = (batchIndex + 1) * width / batches;
    err.print("\repoch " + epoch + "/" + epochs + " [" + "=".repeat(done) + " ".repeat(width - done) + "] "
        + (batchIndex + 1) + "/" + batches + " batches");
    err.flush();
  }

  @Override public void onEpoch(EpochReport r) {
    if (quiet) return;
    if (terminal) err.print("\r" + " ".repeat(70) + "\r");
    err.printf("epoch %2d/%d  train %.2f%%  test %.2f%%  loss %.3f  lr %.4f  %5.1f s  %6.0f samples/s  %d pulses%n",
        r.epoch(), epochs, 100 * r.trainAccuracy(), 100 * r.testAccuracy(), r.loss(), r.learningRate(), r.seconds(),
        r.samplesPerSecond(), r.pulses());
  }
}
