package insitu.fleet.agent;

import insitu.fleet.wire.Topics;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;

/**
 * One device agent.
 *
 * @param boardSeed seed of the fine-tuning order (and of a simulated board opened for it)
 * @param verifyKey when set, only artifacts signed by its private key are run
 * @param stateDir where the device keeps what it runs (restarts resume from it); null: a temporary directory
 * @param heartbeat how often the status is republished while nothing changes
 * @param initialModel an artifact to run until the group deploys one, or null
 * @param calibration the board's calibration file ({@code insitu board selftest --out}) to use instead of a self-test, or null
 * @param park free the model's working memory between jobs (many devices in one process); then
 *     {@link FleetAgent#model()} is empty between jobs
 */
public record AgentConfig(String group, String device, long boardSeed, PublicKey verifyKey, Path stateDir, Duration heartbeat,
                          Path initialModel, Path calibration, boolean park) {
  public AgentConfig {
    Topics.checkName("group", group);
    Topics.checkName("device", device);
    if (heartbeat.isNegative() || heartbeat.isZero()) throw new IllegalArgumentException("heartbeat must be > 0");
  }

  public static AgentConfig of(String group, String device) {
    return new AgentConfig(group, device, 1, null, null, Duration.ofSeconds(60), null, null, false);
  }

  public AgentConfig withSeed(long seed) {
    return new AgentConfig(group, device, seed, verifyKey, stateDir, heartbeat, initialModel, calibration, park);
  }

  public AgentConfig withVerifyKey(PublicKey key) {
    return new AgentConfig(group, device, boardSeed, key, stateDir, heartbeat, initialModel, calibration, park);
  }

  public AgentConfig withStateDir(Path dir) {
    return new AgentConfig(group, device, boardSeed, verifyKey, dir, heartbeat, initialModel, calibration, park);
  }

  public AgentConfig withHeartbeat(Duration d) {
    return new AgentConfig(group, device, boardSeed, verifyKey, stateDir, d, initialModel, calibration, park);
  }

  public AgentConfig withInitialModel(Path model) {
    return new AgentConfig(group, device, boardSeed, verifyKey, stateDir, heartbeat, model, calibration, park);
  }

  public AgentConfig withCalibration(Path file) {
    return new AgentConfig(group, device, boardSeed, verifyKey, stateDir, heartbeat, initialModel, file, park);
  }

  public AgentConfig parked(boolean p) {
    return new AgentConfig(group, device, boardSeed, verifyKey, stateDir, heartbeat, initialModel, calibration, p);
  }
}
