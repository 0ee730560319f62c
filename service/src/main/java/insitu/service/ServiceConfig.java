package insitu.service;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the service runs.
 *
 * @param host address to listen on ({@code 127.0.0.1}: this machine only)
 * @param port TCP port; 0 picks a free one ({@link InferenceServer#port()} tells which)
 * @param modelName the name clients use in {@code /v2/models/NAME}
 * @param limits what one request may ask and how many may wait
 * @param stateDir where the model's state is saved, or null for none
 * @param checkpointEvery how often the state is saved when it changed (null: only at shutdown)
 * @param recalibrateEvery how often drift is recalibrated (null: never)
 */
public record ServiceConfig(String host, int port, String modelName, Limits limits, Path stateDir, Duration checkpointEvery,
                            Duration recalibrateEvery) {
  public ServiceConfig {
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
    if (!modelName.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}"))
      throw new IllegalArgumentException("model name '" + modelName + "' must be 1-128 letters, digits, '_', '.' or '-', starting with a letter or digit");
    if (checkpointEvery != null && (checkpointEvery.isNegative() || checkpointEvery.isZero())) throw new IllegalArgumentException("the checkpoint interval must be positive");
    if (recalibrateEvery != null && (recalibrateEvery.isNegative() || recalibrateEvery.isZero())) throw new IllegalArgumentException("the recalibration interval must be positive");
  }

  /**
   * @param maxBatch most samples the board computes in one pass (requests are merged up to it)
   * @param maxQueue most requests waiting for the board; one more is answered 503
   * @param maxBodyBytes longest request body (413 beyond)
   * @param maxValues most values in one tensor (413 beyond, checked on the declared shape before anything is allocated)
   */
  public record Limits(int maxBatch, int maxQueue, long maxBodyBytes, int maxValues) {
    public Limits {
      if (maxBatch < 1 || maxBatch > 65536) throw new IllegalArgumentException("max batch must be 1..65536, was " + maxBatch);
      if (maxQueue < 1 || maxQueue > 4096) throw new IllegalArgumentException("max queue must be 1..4096, was " + maxQueue);
      if (maxBodyBytes < 1024) throw new IllegalArgumentException("max body must be at least 1024 bytes, was " + maxBodyBytes);
      if (maxValues < 1 || maxValues > (1 << 26)) throw new IllegalArgumentException("max values must be 1.." + (1 << 26) + ", was " + maxValues);
    }

    /** 64 samples a pass, 16 waiting requests, 8 MiB bodies, 262,144 values a tensor (2 MiB of doubles). */
    public static Limits defaults() {
      return new Limits(64, 16, 8L << 20, 1 << 18);
    }
  }
}
