package insitu.service;

import insitu.sdk.DeployedModel;
import insitu.service.metrics.ServiceMetrics;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Saves the served model's state (the model served at that moment) under {@code --state} when it changed: at the checkpoint
 * interval and at shutdown. Runs on the worker thread; a failed save is logged and counted, and
 * the service goes on (the previous save stays valid).
 */
final class StateKeeper {
  private final Supplier<DeployedModel> model;
  private final Path dir;
  private final ServiceMetrics metrics;
  private final EventLog log;
  private final InstantSource clock;
  private long savedAt;

  /** @param savedAt the worker's change count the state on disk reflects */
  StateKeeper(Supplier<DeployedModel> model, Path dir, ServiceMetrics metrics, EventLog log, InstantSource clock, long savedAt) {
    this.model = model;
    this.dir = dir;
    this.metrics = metrics;
    this.log = log;
    this.clock = clock;
    this.savedAt = savedAt;
  }

  void saveIfChanged(long changes, String why) {
    DeployedModel m = model.get();
    if (changes == savedAt || m == null) return;
    try {
      Path file = m.saveState(dir);
      savedAt = changes;
      metrics.checkpoint(true, clock.instant().toEpochMilli() / 1e3);
      log.event(EventLog.Level.INFO, "state saved (" + why + ")", Map.of("file", file.toString()));
    } catch (RuntimeException e) {
      metrics.checkpoint(false, 0);
      log.event(EventLog.Level.ERROR, "cannot save the state in " + dir + ": " + e.getMessage(), Map.of());
    }
  }
}
