package insitu.service.metrics;

/**
 * Metrics of something that runs beside the service in the same process (the fleet's device
 * agent), written into every scrape of {@code GET /metrics} after the service's own.
 */
@FunctionalInterface
public interface MetricsSource {
  /** Writes this source's families; called on an HTTP thread, so it reads only what is safe to read from any thread. */
  void render(PrometheusText out);
}
