package insitu.cli;

import insitu.errors.BadInputException;
import insitu.fleet.control.RolloutReport;
import insitu.sdk.job.JsonReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code insitu fleet deploy}: roll an artifact out to a group and wait until every online device runs it. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
    description = "Roll a .xbar artifact out to every device of a group; exit 0 once every online device runs it,"
        + " 3 when any refuses it, 4 when any does not answer in time.")
public final class FleetDeployCommand implements Callable<Integer> {
  /** Artifacts travel through the broker in parts; beyond this they are not models. */
  static final long MAX_ARTIFACT_BYTES = 64L * 1024 * 1024;
  @Mixin CommonOptions common;
  @Mixin BrokerOptions broker;
  @Option(names = "--model", required = true, paramLabel = "FILE.xbar", description = "the artifact (sign it: insitu compile --sign)") Path model;
  @Option(names = "--timeout", defaultValue = "600", paramLabel = "S", description = "seconds to wait for the devices (default: ${DEFAULT-VALUE})")
  double timeout;

  @Override public Integer call() {
    byte[] artifact = read(model);
    try (FleetControllers c = new FleetControllers(broker, false)) {
      RolloutReport r = c.controller.deploy(artifact, FleetRoundCommand.seconds(timeout));
      if (common.json) System.out.println(JsonReport.toJson(r.toJson(), false));
      else System.out.println(r.summary());
      return r.exitCode();
    }
  }

  static byte[] read(Path file) {
    try {
      if (!Files.isRegularFile(file)) throw new BadInputException(file + ": no such file");
      if (Files.size(file) > MAX_ARTIFACT_BYTES) throw new BadInputException(file + ": larger than " + MAX_ARTIFACT_BYTES + " bytes");
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
