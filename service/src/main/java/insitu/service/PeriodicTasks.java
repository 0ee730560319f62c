package insitu.service;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Work that runs every so often on the board's worker thread (checkpoints, drift recalibration),
 * timed by an injected clock: the worker asks {@link #runDue} between requests, so a task never
 * runs alongside another use of the board, and a test moves the clock instead of sleeping. A
 * task that falls behind runs once, then keeps its period from then on.
 */
final class PeriodicTasks {
  /** One periodic action. */
  record Task(String name, Duration every, Runnable action) {
    Task {
      if (every.isNegative() || every.isZero()) throw new IllegalArgumentException(name + ": the period must be positive");
    }
  }

  private final InstantSource clock;
  private final List<Task> tasks;
  private final List<Instant> due = new ArrayList<>();

  PeriodicTasks(InstantSource clock, List<Task> tasks) {
    this.clock = clock;
    this.tasks = List.copyOf(tasks);
    Instant now = clock.instant();
    for (Task t : this.tasks) due.add(now.plus(t.every()));
  }

  /** Runs every task whose time has come; returns how many ran. */
  int runDue() {
    int ran = 0;
    for (int i = 0; i < tasks.size(); i++) {
      Instant now = clock.instant();
      if (now.isBefore(due.get(i))) continue;
      Task t = tasks.get(i);
      due.set(i, now.plus(t.every()));
      t.action().run();
      ran++;
    }
    return ran;
  }
}
