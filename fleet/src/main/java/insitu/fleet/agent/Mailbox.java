package insitu.fleet.agent;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.tinylog.Logger;

/**
 * One device's work, in order, on a pool shared by many devices: at most one task of a mailbox
 * runs at a time, and after each task the mailbox yields its thread, so 500 devices on two
 * workers take turns instead of one device holding a worker for a whole queue.
 */
final class Mailbox {
  private final Executor workers;
  private final String name;
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private boolean scheduled;
  private volatile boolean closed;

  Mailbox(Executor workers, String name) {
    this.workers = workers;
    this.name = name;
  }

  void submit(Runnable task) {
    synchronized (this) {
      if (closed) return;
      queue.addLast(task);
      if (scheduled) return;
      scheduled = true;
    }
    schedule();
  }

  private void schedule() {
    try {
      workers.execute(this::runOne);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      synchronized (this) {
        scheduled = false;
        queue.clear();
      }
    }
  }

  private void runOne() {
    Runnable task;
    synchronized (this) {
      task = queue.pollFirst();
    }
    try {
      if (task != null && !closed) task.run();
    } catch (Throwable e) {
      // Whatever a task throws (even an OutOfMemoryError), the mailbox must go on with the next one.
      report(e);
    } finally {
      boolean again;
      synchronized (this) {
        again = !queue.isEmpty() && !closed;
        if (!again) scheduled = false;
      }
      if (again) schedule();
    }
  }

  private void report(Throwable e) {
    try {
      Logger.warn("{}: {}", name, e.toString());
      Logger.debug(e);
    } catch (Throwable ignored) {
      // Logging itself failed (out of memory): nothing more to do.
    }
  }

  void close() {
    synchronized (this) {
      closed = true;
      queue.clear();
    }
  }
}
