package insitu.fleet.control;

import java.util.List;

/**
 * What {@code insitu fleet status} shows: the group's deployment and every device it has heard of.
 *
 * @param deployment the group's retained deployment, or null before the first
 * @param online how many of the devices are online
 */
public record FleetStatus(String group, GroupDeployment deployment, int online, List<DeviceReport> devices) {
  /** The artifact the group deploys, and the rollout and round it came with. */
  public record GroupDeployment(String sha256, long rollout, long round, int bytes) {}
}
