package insitu.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code insitu fleet}: devices and their controller through an MQTT broker (docs/fleet.md). */
@Command(name = "fleet", mixinStandardHelpOptions = true,
    description = "Fleets of boards through an MQTT broker: device agents, rollouts, status, federated fine-tuning.",
    subcommands = {FleetAgentCommand.class, FleetSimulateCommand.class, FleetDeployCommand.class, FleetStatusCommand.class,
        FleetRoundCommand.class})
public final class FleetCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override public void run() {
    spec.commandLine().usage(System.err);
  }
}
