package insitu.service;

import insitu.boards.BoardCounters;
import insitu.errors.BadInputException;
import insitu.sdk.DeployedModel;
import insitu.sdk.LearnReport;
import insitu.service.metrics.ServiceMetrics;
import insitu.service.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The one thread that owns the deployed model, because the board is one resource: requests wait
 * in a bounded queue (a full queue answers 503 at once) and run one after another. Inference
 * requests waiting next to each other share one pass on the board, up to {@code maxBatch}
 * samples, but only when the model is {@link DeployedModel#batchInvariant() batch invariant}, so
 * merging never changes a bit of anyone's outputs; a request larger than {@code maxBatch} runs in
 * passes of {@code maxBatch}. Periodic tasks run between requests.
 */
final class ModelWorker implements AutoCloseable {
  private sealed interface Job permits Infer, Learn, Call {}

  private record Infer(double[] samples, int n, CompletableFuture<List<double[]>> result) implements Job {}

  private record Learn(double[] samples, int[] labels, CompletableFuture<LearnReport> result) implements Job {}

  private record Call(Supplier<?> action, CompletableFuture<Object> result) implements Job {}

  /** What the metrics read of the model, refreshed by the worker after each job (the model itself stays on this thread). */
  record Snapshot(BoardCounters board, long learnedSamples, long recalibrations) {}

  /** What a request that finds no model gets (the model was taken away while it waited). */
  static final Supplier<ProtocolException> NO_MODEL = () -> new ProtocolException(503, "no model is deployed yet");

  /** How long the idle worker waits before looking at its periodic tasks again. */
  private static final long POLL_MILLIS = 200;

  private final int maxBatch, capacity;
  // Replaced together, on this thread only, by replace(); read by request threads for merges(). Null: no model yet.
  private volatile DeployedModel model;
  private volatile boolean merge;
  private int[] outputSizes;
  private final ServiceMetrics metrics;
  private final EventLog log;
  private final LinkedBlockingDeque<Job> queue = new LinkedBlockingDeque<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final Thread thread;
  private PeriodicTasks tasks = new PeriodicTasks(java.time.InstantSource.system(), List.of());
  private Runnable onStop = () -> {};
  private java.util.function.Consumer<DeployedModel> onReplace = m -> {};
  private volatile boolean accepting = true, stopping, boardHealthy = true;
  private volatile long changes;
  private volatile Snapshot snapshot = new Snapshot(new BoardCounters(0, 0, 0, 0, 0), 0, 0);

  /** @param model the model to serve, or null to start without one (until {@link #replace} installs one) */
  ModelWorker(DeployedModel model, int maxBatch, int capacity, ServiceMetrics metrics, EventLog log) {
    this.maxBatch = maxBatch;
    this.capacity = capacity;
    install(model);
    this.metrics = metrics;
    this.log = log;
    refreshSnapshot();
    thread = new Thread(this::loop, "insitu-board");
    thread.setDaemon(true);
  }

  /** Sets the periodic tasks, what follows a replacement of the model and what runs last on shutdown, then starts the thread. */
  void start(PeriodicTasks periodic, java.util.function.Consumer<DeployedModel> replaced, Runnable last) {
    this.tasks = periodic;
    this.onReplace = replaced;
    this.onStop = last;
    thread.start();
  }

  private void install(DeployedModel m) {
    model = m;
    merge = m != null && maxBatch > 1 && m.batchInvariant();
    outputSizes = m == null ? new int[0]
        : m.outputShapes().stream().mapToInt(s -> java.util.Arrays.stream(s).reduce(1, (a, b) -> a * b)).toArray();
  }

  /** The model served now (null: none yet); use it only on the worker thread (inside {@link #call} or a periodic task). */
  DeployedModel model() {
    return model;
  }

  /**
   * Replaces the served model between two requests, on the worker thread: {@code next} gets the
   * current model (null: none) and returns the one to serve (null: none), closing the current one
   * first if both need the same board. Completes with the model replaced. When {@code next}
   * throws, the board may hold half a model: nothing is served until the next replacement.
   */
  CompletableFuture<DeployedModel> replace(java.util.function.UnaryOperator<DeployedModel> next) {
    return call(() -> {
      DeployedModel old = model, fresh;
      try {
        fresh = next.apply(old);
      } catch (RuntimeException e) {
        installAndTell(null);
        throw e;
      }
      installAndTell(fresh);
      return old;
    });
  }

  private void installAndTell(DeployedModel m) {
    install(m);
    changes++;
    refreshSnapshot();
    onReplace.accept(m);
  }

  /** Whether this worker merges requests into shared passes. */
  boolean merges() {
    return merge;
  }

  CompletableFuture<List<double[]>> infer(double[] samples, int n) {
    CompletableFuture<List<double[]>> f = new CompletableFuture<>();
    admit(new Infer(samples, n, f));
    return f;
  }

  CompletableFuture<LearnReport> learn(double[] samples, int[] labels) {
    CompletableFuture<LearnReport> f = new CompletableFuture<>();
    admit(new Learn(samples, labels, f));
    return f;
  }

  /** Runs an action on the worker thread after the periodic tasks that are due (tests use it to wait for them). */
  @SuppressWarnings("unchecked")
  <T> CompletableFuture<T> call(Supplier<T> action) {
    CompletableFuture<Object> f = new CompletableFuture<>();
    if (!accepting) throw new ProtocolException(503, "the service is shutting down");
    queue.addLast(new Call(action, f));
    return (CompletableFuture<T>) (CompletableFuture<?>) f;
  }

  private void admit(Job job) {
    if (!accepting) throw new ProtocolException(503, "the service is shutting down");
    if (waiting.incrementAndGet() > capacity) {
      waiting.decrementAndGet();
      throw new ProtocolException(503, "the board is busy: " + capacity + " requests are already waiting; retry shortly");
    }
    queue.addLast(job);
  }

  int queueDepth() {
    return waiting.get();
  }

  int queueCapacity() {
    return capacity;
  }

  boolean ready() {
    return accepting && boardHealthy && model != null;
  }

  /** Counts every job and task that touched the model: a checkpoint is due when it moved. */
  long changes() {
    return changes;
  }

  /** Notes a change to the model made on the worker thread outside a request (a recalibration). */
  void markChanged() {
    changes++;
    refreshSnapshot();
  }

  Snapshot snapshot() {
    return snapshot;
  }

  private void refreshSnapshot() {
    DeployedModel model = this.model;
    if (model == null) return; // the board's counters stay as last seen
    snapshot = new Snapshot(model.counters(), model.learnedSamples(), model.recalibrations());
  }

  private void loop() {
    while (true) {
      Job job;
      try {
        job = queue.pollFirst(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      guarded("periodic task", tasks::runDue);
      if (job != null) {
        if (!(job instanceof Call)) {
          waiting.decrementAndGet();
          changes++;
        }
        run(job);
        refreshSnapshot();
      }
      if (stopping && queue.isEmpty()) break;
    }
    guarded("shutdown", () -> {
      onStop.run();
      return null;
    });
    // A request admitted while the service was closing finds no worker any more: answer it.
    for (Job j; (j = queue.pollFirst()) != null; ) fail(j, new ProtocolException(503, "the service is shutting down"));
  }

  private void run(Job job) {
    if (model == null && !(job instanceof Call)) fail(job, NO_MODEL.get());
    else if (job instanceof Infer i) infer(i);
    else if (job instanceof Learn l) complete(l.result(), () -> model.learn(l.samples(), l.labels()));
    else if (job instanceof Call c) complete(c.result(), c.action());
  }

  private static void fail(Job job, RuntimeException e) {
    if (job instanceof Infer i) i.result().completeExceptionally(e);
    else if (job instanceof Learn l) l.result().completeExceptionally(e);
    else if (job instanceof Call c) c.result().completeExceptionally(e);
  }

  private void infer(Infer first) {
    List<Infer> group = new ArrayList<>(List.of(first));
    int total = first.n();
    while (merge && queue.peekFirst() instanceof Infer next && total + next.n() <= maxBatch) {
      queue.pollFirst();
      waiting.decrementAndGet();
      group.add(next);
      total += next.n();
    }
    runGroup(group, total);
  }

  private void runGroup(List<Infer> group, int total) {
    Infer first = group.get(0);
    try {
      List<double[]> outputs = passes(group, total);
      refreshSnapshot(); // before anyone is answered: a scrape right after sees this pass
      int at = 0;
      for (Infer j : group) {
        List<double[]> mine = new ArrayList<>();
        for (int k = 0; k < outputs.size(); k++)
          mine.add(java.util.Arrays.copyOfRange(outputs.get(k), at * outputSizes[k], (at + j.n()) * outputSizes[k]));
        at += j.n();
        j.result().complete(mine);
      }
      boardHealthy = true;
    } catch (BadInputException e) {
      // One request's input may be what the model refused: each answers for itself.
      if (group.size() == 1) first.result().completeExceptionally(e);
      else for (Infer j : group) runGroup(List.of(j), j.n());
    } catch (RuntimeException e) {
      noteFailure(e);
      for (Infer j : group) j.result().completeExceptionally(e);
    }
  }

  /** The group's samples in passes of at most maxBatch (one pass when they fit). */
  private List<double[]> passes(List<Infer> group, int total) {
    double[] all = group.size() == 1 ? group.get(0).samples() : concat(group, total);
    int per = all.length / total;
    List<double[]> out = new ArrayList<>();
    for (int size : outputSizes) out.add(new double[total * size]);
    for (int from = 0; from < total; from += maxBatch) {
      int n = Math.min(maxBatch, total - from);
      double[] x = n == total ? all : java.util.Arrays.copyOfRange(all, from * per, (from + n) * per);
      List<double[]> o = model.outputs(x, n);
      for (int k = 0; k < o.size(); k++) System.arraycopy(o.get(k), 0, out.get(k), from * outputSizes[k], n * outputSizes[k]);
      metrics.pass(n, group.size());
    }
    return out;
  }

  private static double[] concat(List<Infer> group, int total) {
    int per = group.get(0).samples().length / group.get(0).n();
    double[] all = new double[total * per];
    int at = 0;
    for (Infer j : group) {
      System.arraycopy(j.samples(), 0, all, at, j.samples().length);
      at += j.samples().length;
    }
    return all;
  }

  private <T> void complete(CompletableFuture<T> f, Supplier<? extends T> action) {
    try {
      T result = action.get();
      boardHealthy = true;
      refreshSnapshot(); // before the caller is answered: a scrape right after sees this job
      f.complete(result);
    } catch (RuntimeException e) {
      noteFailure(e);
      f.completeExceptionally(e);
    }
  }

  private void noteFailure(RuntimeException e) {
    if (e instanceof insitu.errors.InsituException ie && ie.exitCode() == 4) {
      boardHealthy = false;
      log.event(EventLog.Level.ERROR, "board failure: " + e.getMessage(), Map.of());
    }
  }

  private void guarded(String what, Supplier<?> action) {
    try {
      action.get();
    } catch (RuntimeException e) {
      noteFailure(e);
      log.event(EventLog.Level.ERROR, what + " failed: " + e.getMessage(), Map.of());
    }
  }

  /**
   * Stops taking requests, lets the queued ones finish, runs the shutdown action (the last
   * checkpoint) on the worker thread and waits for it.
   */
  @Override public void close() {
    accepting = false;
    stopping = true;
    queue.addLast(new Call(() -> null, new CompletableFuture<>())); // wakes the worker now
    if (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
