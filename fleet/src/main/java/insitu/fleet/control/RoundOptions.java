package insitu.fleet.control;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;

/**
 * One round of federated fine-tuning.
 *
 * @param epochs local in situ epochs on every device
 * @param timeout how long to wait for results, and then again for the new model's rollout
 * @param signingKey signs the new model (devices with a verification key refuse it unsigned), or null
 * @param out also keep the new model here, or null
 * @param adaptEpochs after programming the new model, each device fine-tunes it this long on its own data
 */
public record RoundOptions(int epochs, Duration timeout, Aggregation aggregation, double trim, PrivateKey signingKey, Path out,
                           int adaptEpochs) {
  public static RoundOptions of(int epochs, Duration timeout) {
    return new RoundOptions(epochs, timeout, Aggregation.TRIMMED_MEAN, 0.2, null, null, 1);
  }

  public RoundOptions withAggregation(Aggregation a, double t) {
    return new RoundOptions(epochs, timeout, a, t, signingKey, out, adaptEpochs);
  }

  public RoundOptions withSigningKey(PrivateKey key) {
    return new RoundOptions(epochs, timeout, aggregation, trim, key, out, adaptEpochs);
  }

  public RoundOptions withOut(Path file) {
    return new RoundOptions(epochs, timeout, aggregation, trim, signingKey, file, adaptEpochs);
  }

  public RoundOptions withAdaptEpochs(int e) {
    return new RoundOptions(epochs, timeout, aggregation, trim, signingKey, out, e);
  }
}
