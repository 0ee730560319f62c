package insitu.service;

import com.sun.net.httpserver.HttpServer;
import insitu.boards.BoardCounters;
import insitu.errors.UsageException;
import insitu.sdk.DeployedModel;
import insitu.sdk.DriftReport;
import insitu.service.metrics.ServiceMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The edge service: one deployed model behind the Open Inference Protocol v2 over REST, with
 * in situ learning, Prometheus metrics, periodic checkpoints and drift recalibration. HTTP is
 * the JDK's built-in server; a small pool of threads reads and answers requests while one worker
 * thread owns the model. {@link #close()} stops it cleanly: queued requests are answered, the
 * state is saved, then the port closes. The caller keeps the model and closes it afterwards.
 */
public final class InferenceServer implements AutoCloseable {
  /** Threads that read requests besides those that may wait for the board (health and metrics stay answerable). */
  private static final int SPARE_THREADS = 4;
  private static final String NODELAY = "sun.net.httpserver.nodelay";

  private final HttpServer http;
  private final ExecutorService threads;
  private final ModelWorker worker;
  private final ServiceMetrics metrics;
  private final EventLog log;
  private final ModelEndpoints endpoints;
  private final ServiceConfig config;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private boolean closed;

  private InferenceServer(HttpServer http, ExecutorService threads, ModelWorker worker, ServiceMetrics metrics, EventLog log,
                          ModelEndpoints endpoints, ServiceConfig config) {
    this.endpoints = endpoints;
    this.config = config;
    this.http = http;
    this.threads = threads;
    this.worker = worker;
    this.metrics = metrics;
    this.log = log;
  }

  /**
   * Starts serving {@code model} (already deployed or resumed, and, with a state directory,
   * already saved there once), or, with a null model, starts without one: not ready, and
   * metadata, inference and learning answer 503, until {@link #replaceModel} installs one (a
   * fleet device waiting for its first deployment).
   *
   * @param clock times the periodic tasks and request latencies (tests pass one they move)
   * @throws UsageException when the address cannot be listened on
   */
  public static InferenceServer start(DeployedModel model, ServiceConfig config, InstantSource clock, EventLog log) {
    // The JDK's server writes a response's headers and body as two segments; with Nagle's algorithm
    // the body then waits for the client's delayed ACK (~40 ms a request). It reads this switch
    // once, when the first server of the JVM is made; an application that set it keeps its choice.
    if (System.getProperty(NODELAY) == null) System.setProperty(NODELAY, "true");
    ServiceMetrics metrics = new ServiceMetrics();
    ServiceConfig.Limits limits = config.limits();
    ModelWorker worker = new ModelWorker(model, limits.maxBatch(), limits.maxQueue(), metrics, log);
    ModelEndpoints endpoints = new ModelEndpoints(config.modelName(), model, worker);
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
    } catch (IOException | RuntimeException e) {
      throw new UsageException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage());
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(limits.maxQueue() + SPARE_THREADS, r -> {
      Thread t = new Thread(r, "insitu-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(threads);
    http.createContext("/", new RequestHandler(endpoints, worker, metrics, log, clock, limits));
    InferenceServer server = new InferenceServer(http, threads, worker, metrics, log, endpoints, config);
    worker.start(new PeriodicTasks(clock, server.tasks(config, clock)), server::replaced, server.lastTask());
    http.start();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("model", model == null ? "(none yet)" : model.model().name());
    if (model != null) f.put("board", model.boardSpec());
    f.put("url", "http://" + config.host() + ":" + server.port() + "/v2/models/" + config.modelName());
    f.put("merges_requests", worker.merges());
    f.put("max_batch", limits.maxBatch());
    if (config.stateDir() != null) f.put("state", config.stateDir().toString());
    log.event(EventLog.Level.INFO, "serving " + config.modelName(), f);
    return server;
  }

  private StateKeeper keeper;

  private List<PeriodicTasks.Task> tasks(ServiceConfig config, InstantSource clock) {
    List<PeriodicTasks.Task> list = new ArrayList<>();
    if (config.stateDir() != null) {
      keeper = new StateKeeper(worker::model, config.stateDir(), metrics, log, clock, worker.changes());
      if (config.checkpointEvery() != null)
        list.add(new PeriodicTasks.Task("checkpoint", config.checkpointEvery(), () -> keeper.saveIfChanged(worker.changes(), "interval")));
    }
    if (config.recalibrateEvery() != null)
      list.add(new PeriodicTasks.Task("recalibration", config.recalibrateEvery(), () -> {
        if (worker.model() == null) return;
        DriftReport r = worker.model().recalibrate();
        worker.markChanged();
        metrics.drift(r.rmsWeightBefore(), r.rmsWeightAfter());
        log.event(EventLog.Level.INFO, "drift recalibrated", Map.of("blocks", r.blocks(), "rms_weight_before", r.rmsWeightBefore(),
            "rms_weight_after", r.rmsWeightAfter(), "reads", r.reads()));
      }));
    return list;
  }

  private Runnable lastTask() {
    return () -> {
      if (keeper != null) keeper.saveIfChanged(worker.changes(), "shutdown");
    };
  }

  /** On the worker thread, right after a replacement: new metadata, and the new model's state saved at once. */
  private void replaced(DeployedModel fresh) {
    endpoints.update(fresh);
    if (fresh == null) {
      log.event(EventLog.Level.WARN, "no model is served now (the replacement failed)", Map.of());
      return;
    }
    if (keeper != null) keeper.saveIfChanged(worker.changes(), "model replaced");
    log.event(EventLog.Level.INFO, "now serving " + fresh.model().name() + " on " + fresh.boardSpec(), Map.of());
  }

  /**
   * Runs {@code action} with the served model (null while there is none) on the board's worker
   * thread, between two requests: exclusive use of the board (e.g. a device agent's accuracy
   * check or local fine-tuning). It counts as a change for the next checkpoint.
   */
  public <T> CompletableFuture<T> withModel(Function<DeployedModel, T> action) {
    return worker.call(() -> {
      T r = action.apply(worker.model());
      worker.markChanged();
      return r;
    });
  }

  /**
   * Serves another model from now on (a rollout): on the worker thread, between two requests,
   * {@code next} gets the current model (null: none) and returns the new one (null: none); it
   * closes the current one first if both need the same board. The metadata follows the new model,
   * and with a state directory its state is saved at once. Completes with the model replaced, for
   * the caller to close if {@code next} did not. If {@code next} throws, the board may hold half a
   * model, so the service serves none (not ready) until the next replacement.
   */
  public CompletableFuture<DeployedModel> replaceModel(UnaryOperator<DeployedModel> next) {
    return worker.replace(next);
  }

  /**
   * What a status report needs, as of the last job on the board; safe to read from any thread.
   *
   * @param model the served model's name and {@code board} its board, null while none is served
   * @param requests HTTP requests answered since the start, whatever their status
   * @param inferredSamples samples inferred since the start
   */
  public record Status(String name, String model, String board, boolean ready, BoardCounters counters, long learnedSamples,
                       long recalibrations, int queueDepth, long requests, long inferredSamples) {}

  public Status status() {
    ModelWorker.Snapshot s = worker.snapshot();
    DeployedModel m = worker.model();
    return new Status(config.modelName(), m == null ? null : m.model().name(), m == null ? null : m.boardSpec(), worker.ready(), s.board(),
        s.learnedSamples(), s.recalibrations(), worker.queueDepth(), metrics.requestsTotal(), metrics.inferredSamples());
  }

  /**
   * The model served now (null: none); after {@link #close()}, the last one served, for the
   * caller to close (models replaced before it were handed back by {@link #replaceModel}).
   */
  public DeployedModel model() {
    return worker.model();
  }

  /** The port the service listens on (the one picked, for port 0). */
  public int port() {
    return http.getAddress().getPort();
  }

  public ServiceMetrics metrics() {
    return metrics;
  }

  ModelWorker worker() {
    return worker;
  }

  /** Blocks until {@link #close()} has finished (on another thread, e.g. a shutdown hook). */
  public void awaitTermination() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops: no new request is taken (503), the queued ones are answered, the state is saved (with
   * a state directory), the port closes. Idempotent.
   */
  @Override public synchronized void close() {
    if (closed) return;
    closed = true;
    worker.close();
    http.stop(1);
    threads.shutdownNow();
    log.event(EventLog.Level.INFO, "stopped", Map.of());
    stopped.countDown();
  }
}
