package insitu.cli;

import insitu.sdk.job.JsonReport;
import java.util.List;
import java.util.Map;
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
      Map<String, Object> status = c.controller.status();
      if (common.json) {
        System.out.println(JsonReport.toJson(status, false));
        return 0;
      }
      @SuppressWarnings("unchecked") List<Map<String, Object>> devices = (List<Map<String, Object>>) status.get("devices");
      System.out.printf("group %s: %d device(s), %d online%n", broker.group, devices.size(), (int) status.get("online"));
      for (Map<String, Object> d : devices) {
        Object sha = d.get("artifact_sha256"), acc = d.get("accuracy");
        System.out.printf("  %-16s %-7s %-9s %-12s %7s  pulses %s  last seen %s%n", d.get("id"), (boolean) d.get("online") ? "online" : "offline",
            d.get("state"), sha == null ? "-" : sha.toString().substring(0, 12),
            acc instanceof Double a && Double.isFinite(a) ? String.format("%.2f%%", 100 * a) : "-", d.get("pulses"), d.get("last_seen"));
      }
      return 0;
    }
  }
}
