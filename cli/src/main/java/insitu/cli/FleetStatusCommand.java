package insitu.cli;

import insitu.fleet.control.DeviceReport;
import insitu.fleet.control.FleetStatus;
import insitu.sdk.job.JsonReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code insitu fleet status}: what every device of a group runs, and how well. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show every device of a group: online, artifact, accuracy, pulses, last seen.")
public final class FleetStatusCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin BrokerOptions broker;

  @Override public Integer call() {
    try (FleetControllers c = new FleetControllers(broker, false)) {
      FleetStatus status = c.controller.status();
      if (common.json) {
        System.out.println(JsonReport.toJson(status, false));
        return 0;
      }
      System.out.printf("group %s: %d device(s), %d online%n", broker.group, status.devices().size(), status.online());
      for (DeviceReport d : status.devices()) {
        String sha = d.artifactSha256();
        Double acc = d.accuracy();
        System.out.printf("  %-16s %-7s %-9s %-12s %7s  pulses %s  last seen %s%n", d.id(), d.online() ? "online" : "offline",
            d.state() == null ? null : d.state().label(), sha == null ? "-" : sha.substring(0, 12),
            acc != null && Double.isFinite(acc) ? String.format("%.2f%%", 100 * acc) : "-", d.pulses(), d.lastSeen());
      }
      return 0;
    }
  }
}
