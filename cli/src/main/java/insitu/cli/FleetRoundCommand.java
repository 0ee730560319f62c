package insitu.cli;

import insitu.compiler.artifact.SigningKeys;
import insitu.errors.UsageException;
import insitu.fleet.control.Aggregation;
import insitu.fleet.control.RoundOptions;
import insitu.fleet.control.RoundReport;
import insitu.sdk.job.JsonReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code insitu fleet round}: one round of federated fine-tuning over a group. */
@Command(name = "round", mixinStandardHelpOptions = true,
    description = "One round of federated fine-tuning: every online device fine-tunes the group's model in situ on its own data and"
        + " reports what its board learned; the results are combined, signed and rolled out, and each device adapts the new model.")
public final class FleetRoundCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin BrokerOptions broker;
  @Option(names = "--epochs", required = true, paramLabel = "E", description = "local epochs of in situ fine-tuning on each device") int epochs;
  @Option(names = "--sign", paramLabel = "KEY.pem", description = "sign the new model with this Ed25519 private key") Path sign;
  @Option(names = "--aggregate", defaultValue = "trimmed-mean", paramLabel = "HOW", converter = Choices.Aggregations.class,
      description = "fedavg, trimmed-mean or median, weighted by samples (default: ${DEFAULT-VALUE})") Aggregation aggregate;
  @Option(names = "--trim", defaultValue = "0.2", description = "share of weight dropped at each end by trimmed-mean (default: ${DEFAULT-VALUE})")
  double trim;
  @Option(names = "--adapt-epochs", defaultValue = "1", paramLabel = "E",
      description = "epochs each device fine-tunes the new model on its own board (default: ${DEFAULT-VALUE})") int adaptEpochs;
  @Option(names = "--out", paramLabel = "FILE.xbar", description = "also keep the new model here") Path out;
  @Option(names = "--timeout", defaultValue = "600", paramLabel = "S",
      description = "seconds to wait for results, and again for the rollout (default: ${DEFAULT-VALUE})") double timeout;

  @Override public Integer call() {
    if (epochs < 1 || epochs > 1000) throw new UsageException("--epochs must be 1..1000, was " + epochs);
    if (adaptEpochs < 0 || adaptEpochs > 100) throw new UsageException("--adapt-epochs must be 0..100, was " + adaptEpochs);
    if (!(trim >= 0 && trim < 0.5)) throw new UsageException("--trim must be in [0, 0.5), was " + trim);
    RoundOptions o = RoundOptions.of(epochs, seconds(timeout)).withAggregation(aggregate, trim).withAdaptEpochs(adaptEpochs)
        .withOut(out).withSigningKey(sign == null ? null : SigningKeys.readPrivate(sign));
    try (FleetControllers c = new FleetControllers(broker, true)) {
      RoundReport r = c.controller.round(o);
      if (common.json) System.out.println(JsonReport.toJson(r.toJson(), false));
      else System.out.println(r.summary());
      return r.exitCode();
    }
  }

  static Duration seconds(double s) {
    if (!(s > 0) || s > 86_400 * 7) throw new UsageException("--timeout must be > 0 and at most a week, was " + s);
    return Duration.ofMillis((long) (s * 1000));
  }
}
