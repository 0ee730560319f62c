package insitu.runtime.checkpoint;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a run's checkpoints into a {@link CheckpointStore} on a thread of its own, so training
 * goes on while a checkpoint is encoded, digested and forced to disk (on an SD card a forced write
 * takes tens of milliseconds). One write at a time, in the order submitted: a checkpoint submitted
 * while the previous one is still being written waits for it, so at most one snapshot is held in
 * memory besides the one being taken. A write that failed is reported by the next {@link #submit}
 * or by {@link #close}, which also waits for the last write: once it returns, the run's newest
 * checkpoint is on disk.
 */
public final class CheckpointQueue implements AutoCloseable {
  private final CheckpointStore store;
  private final ExecutorService writer;
  private Future<?> pending;

  public CheckpointQueue(CheckpointStore store) {
    this.store = store;
    this.writer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "insitu-checkpoint-writer");
      t.setDaemon(true);
      return t;
    });
  }

  /** Queues a checkpoint (a snapshot nothing changes any more) after waiting for the previous write. */
  public void submit(Checkpoint c) {
    awaitPending();
    pending = writer.submit(() -> store.write(c));
  }

  /** Waits for the last write and stops the thread; rethrows the write's failure. */
  @Override
  public void close() {
    try {
      awaitPending();
    } finally {
      writer.shutdown();
    }
  }

  private void awaitPending() {
    Future<?> p = pending;
    pending = null;
    if (p == null) return;
    boolean interrupted = false;
    try {
      while (true) {
        try {
          p.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the checkpoint is written whole or not at all: finish waiting for it
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }
}
