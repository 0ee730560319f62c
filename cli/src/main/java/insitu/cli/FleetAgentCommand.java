package insitu.cli;

import picocli.CommandLine.Command;

/**
 * {@code insitu fleet agent}: {@code insitu serve --fleet} under the fleet's commands, the same
 * code path with the same options ({@code --broker} for {@code --fleet}); a device of a fleet
 * always serves its model, so there is no second kind of agent to keep in step.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"One device of a group: the same as 'insitu serve --fleet URL' (every serve option applies; --broker is --fleet).",
        "Serves the model over HTTP, follows the group's rollouts and rounds, reports its status; runs until SIGTERM/Ctrl-C."})
public final class FleetAgentCommand extends ServeCommand {
  @Override boolean fleetRequired() {
    return true;
  }
}
