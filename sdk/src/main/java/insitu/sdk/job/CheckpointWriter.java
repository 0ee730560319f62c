package insitu.sdk.job;

import insitu.compiler.artifact.ModelNotes;
import insitu.runtime.checkpoint.Checkpoint;
import insitu.runtime.checkpoint.CheckpointQueue;
import insitu.runtime.session.Session;
import insitu.runtime.train.EpochReport;
import insitu.runtime.train.TrainingListener;

/**
 * Wraps a run's listener: collects finished epochs, keeps the best epoch's model when the run
 * keeps the best, and writes a checkpoint every {@code checkpointEvery} batches and after every
 * epoch. A checkpoint holds the run's description, the model with its placement (.xbar), the
 * trainer's state and, for a simulated board, the board's own state. Snapshots are taken between
 * batches and written on the queue's thread while training goes on; {@link #close} waits for the
 * last one.
 */
final class CheckpointWriter implements TrainingListener, AutoCloseable {
  private final TrainingListener inner;
  private final RunFiles files;
  private final Session session;
  private final byte[] artifact;
  private final ModelNotes declared;
  private final CheckpointQueue queue;
  private RunRecord run;
  private long step;

  /** @param declared what the run's model declares (input range, metadata), which the kept model carries on */
  CheckpointWriter(TrainingListener inner, RunFiles files, Session session, RunRecord run, long step, ModelNotes declared) {
    this.inner = inner;
    this.files = files;
    this.session = session;
    this.artifact = ArtifactBytes.of(session.deployment());
    this.run = run;
    this.step = step;
    this.declared = declared;
    this.queue = new CheckpointQueue(files.checkpoints());
  }

  /** The run as it stands: its finished epochs and kept epoch. */
  RunRecord run() {
    return run;
  }

  @Override public void onRun(int firstEpoch, int lastEpoch) {
    inner.onRun(firstEpoch, lastEpoch);
  }

  @Override public void onBatch(int epoch, int batchIndex, int batches) {
    step++;
    inner.onBatch(epoch, batchIndex, batches);
    int every = run.request().checkpointEvery();
    if (every > 0 && (batchIndex + 1) % every == 0 && batchIndex + 1 < batches) save();
  }

  @Override public void onEpoch(EpochReport r) {
    run.epochs().add(r);
    if (run.request().keep() == Keep.BEST && better(r)) {
      // Written before the epoch's checkpoint: a run killed in between redoes the epoch and writes it again.
      session.writeMeasuredModel(files.file(RunFiles.BEST), RunReports.trainedNotes(declared, session, files, run, r.testAccuracy()));
      run = run.withKeptEpoch(r.epoch());
    }
    save();
    inner.onEpoch(r);
  }

  /** The first epoch, and then any whose test accuracy beats the kept one's. */
  private boolean better(EpochReport r) {
    if (run.keptEpoch() == 0) return true;
    for (EpochReport e : run.epochs()) if (e.epoch() == run.keptEpoch()) return r.testAccuracy() > e.testAccuracy();
    return true;
  }

  private void save() {
    queue.submit(new Checkpoint(step, run.toJson(), artifact, session.trainer().capture(), session.boardState()));
  }

  /** Waits until the last checkpoint is on disk (rethrowing a failed write). */
  @Override
  public void close() {
    queue.close();
  }
}
