package insitu.samples.embedded;

import insitu.sdk.DeployOptions;
import insitu.sdk.DeployedModel;
import insitu.sdk.Insitu;
import insitu.sdk.data.Dataset;

/**
 * An embedded app in miniature: a "sensor" delivers 8×8 images one at a time; the app classifies
 * each on the crossbar and, when a label arrives (here every 5th sample, as from a user pressing a
 * button), learns from it on the device. Uses only the SDK API.
 *
 * <p>Run: {@code java -cp "samples/target/classes:cli/target/lib/*"
 * insitu.samples.embedded.SensorLoopApp [board] [samples]}
 */
public final class SensorLoopApp {
  private SensorLoopApp() {}

  public static void main(String[] args) {
    String board = args.length > 0 ? args[0] : "sim";
    int total = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
    System.out.println(run(board, total));
  }

  /** Runs the loop and returns a one-line summary. */
  public static String run(String board, int total) {
    Dataset stream = Insitu.data("mnist8").train();
    try (DeployedModel m = Insitu.load("paper-cnn").deploy(board, DeployOptions.trainFromScratch().withBatch(20))) {
      int correct = 0, recentCorrect = 0, seen = 0, updates = 0;
      double[] sample = new double[64];
      for (int i = 0; i < total; i++) {
        stream.sample(i % stream.size(), sample);
        int predicted = m.predict(sample);
        if (predicted == stream.y()[i % stream.size()]) {
          correct++;
          if (i >= total - 500) recentCorrect++;
        }
        if (i >= total - 500) seen++;
        if (i % 5 == 0 && m.learn(sample, stream.y()[i % stream.size()], 10)) updates++;
      }
      return String.format("%d samples classified on the board, %d in situ updates; accuracy overall %.3f, last %d samples %.3f; %d pulses",
          total, updates, (double) correct / total, seen, (double) recentCorrect / Math.max(1, seen), m.counters().pulses());
    }
  }
}
