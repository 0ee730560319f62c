package insitu.service.metrics;

import insitu.boards.BoardCounters;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@code GET /metrics} reports: requests by endpoint and status, latency, how the board
 * was used (batch sizes, samples, pulses, reads, recalibrations, checkpoints) and the queue.
 * Thread-safe: the HTTP threads and the board's worker record into it concurrently.
 */
public final class ServiceMetrics {
  /** Request latency buckets, seconds. */
  static final double[] LATENCY_SECONDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
  /** Samples per pass on the board. */
  static final double[] BATCH_SAMPLES = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096};

  /** The live values read at scrape time. */
  public record Live(int queueDepth, int queueCapacity, boolean ready, BoardCounters board, long recalibrations, long learnedSamples) {}

  private final Map<String, Map<Integer, LongAdder>> requests = new ConcurrentHashMap<>();
  private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
  private final Histogram batches = new Histogram(BATCH_SAMPLES);
  private final LongAdder inferred = new LongAdder(), merged = new LongAdder(), checkpoints = new LongAdder(),
      checkpointFailures = new LongAdder();
  private volatile double lastCheckpointSeconds = Double.NaN, driftBefore = Double.NaN, driftAfter = Double.NaN;
  private final java.util.List<MetricsSource> sources = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Adds {@code source}'s metrics to every scrape from now on. */
  public void include(MetricsSource source) {
    sources.add(source);
  }

  public void request(String endpoint, int status, double seconds) {
    requests.computeIfAbsent(endpoint, k -> new ConcurrentHashMap<>()).computeIfAbsent(status, k -> new LongAdder()).increment();
    latency.computeIfAbsent(endpoint, k -> new Histogram(LATENCY_SECONDS)).observe(seconds);
  }

  /** One pass on the board over {@code samples} samples from {@code requests} requests. */
  public void pass(int samples, int requests) {
    batches.observe(samples);
    inferred.add(samples);
    if (requests > 1) merged.add(requests);
  }

  public void checkpoint(boolean ok, double epochSeconds) {
    if (ok) {
      checkpoints.increment();
      lastCheckpointSeconds = epochSeconds;
    } else {
      checkpointFailures.increment();
    }
  }

  public void drift(double rmsBefore, double rmsAfter) {
    driftBefore = rmsBefore;
    driftAfter = rmsAfter;
  }

  /** The requests answered so far with this status on this endpoint (for tests and the log). */
  public long requests(String endpoint, int status) {
    var m = requests.get(endpoint);
    LongAdder a = m == null ? null : m.get(status);
    return a == null ? 0 : a.sum();
  }

  /** Requests answered so far, whatever their endpoint and status. */
  public long requestsTotal() {
    long n = 0;
    for (var byStatus : requests.values()) for (LongAdder a : byStatus.values()) n += a.sum();
    return n;
  }

  /** Samples inferred on the board since the service started. */
  public long inferredSamples() {
    return inferred.sum();
  }

  public String render(Live live) {
    PrometheusText t = new PrometheusText();
    t.family("insitu_requests_total", "counter", "HTTP requests answered, by endpoint and status code.");
    for (var e : new TreeMap<>(requests).entrySet())
      for (var s : new TreeMap<>(e.getValue()).entrySet())
        t.sample("insitu_requests_total", labels("endpoint", e.getKey(), "code", Integer.toString(s.getKey())), s.getValue().sum());
    t.family("insitu_request_duration_seconds", "histogram", "Time from a request's arrival to its answer being ready to send, by endpoint.");
    for (var e : new TreeMap<>(latency).entrySet()) t.histogram("insitu_request_duration_seconds", Map.of("endpoint", e.getKey()), e.getValue());
    t.family("insitu_batch_samples", "histogram", "Samples per inference pass on the board (requests merged into one pass count together).");
    t.histogram("insitu_batch_samples", Map.of(), batches);
    t.family("insitu_inferred_samples_total", "counter", "Samples inferred on the board since the service started.").sample("insitu_inferred_samples_total", inferred.sum());
    t.family("insitu_merged_requests_total", "counter", "Inference requests that shared a board pass with others.").sample("insitu_merged_requests_total", merged.sum());
    t.family("insitu_learned_samples_total", "counter", "Labelled samples the model has trained on, kept across restarts with --state.")
        .sample("insitu_learned_samples_total", live.learnedSamples());
    t.family("insitu_board_pulses_total", "counter", "Programming pulses the board has fired.").sample("insitu_board_pulses_total", live.board().pulses());
    t.family("insitu_board_reads_total", "counter", "Cell reads the board has done.").sample("insitu_board_reads_total", live.board().cellReads());
    t.family("insitu_board_mvm_vectors_total", "counter", "Input vectors the board has multiplied.").sample("insitu_board_mvm_vectors_total", live.board().mvmVectors());
    t.family("insitu_board_retries_total", "counter", "Commands resent on the board's link.").sample("insitu_board_retries_total", live.board().retries());
    t.family("insitu_recalibrations_total", "counter", "Drift recalibrations, kept across restarts with --state.").sample("insitu_recalibrations_total", live.recalibrations());
    t.family("insitu_drift_rms_weight", "gauge", "Rms weight error against the reference at the last recalibration, before and after its gains.")
        .sample("insitu_drift_rms_weight", Map.of("stage", "before"), driftBefore).sample("insitu_drift_rms_weight", Map.of("stage", "after"), driftAfter);
    t.family("insitu_checkpoints_total", "counter", "States saved under --state.").sample("insitu_checkpoints_total", checkpoints.sum());
    t.family("insitu_checkpoint_failures_total", "counter", "States that could not be saved.").sample("insitu_checkpoint_failures_total", checkpointFailures.sum());
    t.family("insitu_last_checkpoint_timestamp_seconds", "gauge", "When the last state was saved (Unix time).")
        .sample("insitu_last_checkpoint_timestamp_seconds", lastCheckpointSeconds);
    t.family("insitu_queue_depth", "gauge", "Requests waiting for the board.").sample("insitu_queue_depth", live.queueDepth());
    t.family("insitu_queue_capacity", "gauge", "Requests that may wait for the board before the service answers 503.").sample("insitu_queue_capacity", live.queueCapacity());
    t.family("insitu_ready", "gauge", "1 when the model is ready for inference.").sample("insitu_ready", live.ready() ? 1 : 0);
    for (MetricsSource s : sources) s.render(t);
    return t.toString();
  }

  private static Map<String, String> labels(String k1, String v1, String k2, String v2) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }
}
