package insitu.cli;

import insitu.runtime.Choice;
import insitu.runtime.session.Initialization;
import insitu.runtime.session.UpdateChoice;
import insitu.runtime.train.OptimizerKind;
import insitu.runtime.train.TrainingListener;
import insitu.sdk.job.Keep;
import insitu.sdk.job.TrainJob;
import insitu.sdk.job.TrainRequest;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of the resume tests: {@code insitu train --out OUT --epochs E --checkpoint-every C
 * --update U} (the command's defaults otherwise) that stops dead after N batches, as SIGKILL
 * would: {@link Runtime#halt} runs no finally block and no shutdown hook.
 *
 * <p>Arguments: OUT N U E C.
 */
final class HaltingTrain {
  private HaltingTrain() {}

  public static void main(String[] args) {
    Path out = Path.of(args[0]);
    int haltAfter = Integer.parseInt(args[1]), epochs = Integer.parseInt(args[3]), every = Integer.parseInt(args[4]);
    UpdateChoice update = Choice.of(UpdateChoice.values(), args[2]);
    TrainRequest r = new TrainRequest("paper-cnn", "mnist8", "sim", epochs, 100, Double.NaN, null, OptimizerKind.RMSPROP, update, 1, out,
        Initialization.AUTO, every, null, null, Keep.LAST);
    int[] batches = {0};
    TrainJob.run(r, new TrainingListener() {
      @Override public void onBatch(int epoch, int batchIndex, int batchesPerEpoch) {
        if (++batches[0] == haltAfter) Runtime.getRuntime().halt(137);
      }
    }, msg -> {});
    System.exit(0);
  }

  /** Runs one in a child JVM; returns its exit code (137 when it halted). */
  static int run(Path out, int haltAfter, String update, int epochs, int checkpointEvery) throws Exception {
    String jvm = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(jvm, "-cp", System.getProperty("java.class.path"), HaltingTrain.class.getName(), out.toString(),
        Integer.toString(haltAfter), update, Integer.toString(epochs), Integer.toString(checkpointEvery))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(600, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the halting run did not end");
    }
    return p.exitValue();
  }

  /** Whether a run directory holds a checkpoint. */
  static boolean hasCheckpoint(Path run) {
    java.io.File[] f = run.resolve("checkpoints").toFile().listFiles((d, n) -> n.endsWith(".zip"));
    return f != null && f.length > 0;
  }
}
