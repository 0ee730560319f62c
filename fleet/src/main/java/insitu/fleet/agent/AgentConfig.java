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

  /** A device of {@code group} with the defaults: seed 1, unsigned artifacts, temporary state, a heartbeat a minute. */
  public static AgentConfig of(String group, String device) {
    return builder(group, device).build();
  }

  public static Builder builder(String group, String device) {
    return new Builder(new AgentConfig(group, device, 1, null, null, Duration.ofSeconds(60), null, null, false));
  }

  /** This configuration, to change some of its settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Sets what differs from a starting configuration; {@link #build()} checks the whole. */
  public static final class Builder {
    private final String group, device;
    private long boardSeed;
    private PublicKey verifyKey;
    private Path stateDir, initialModel, calibration;
    private Duration heartbeat;
    private boolean park;

    private Builder(AgentConfig c) {
      group = c.group;
      device = c.device;
      boardSeed = c.boardSeed;
      verifyKey = c.verifyKey;
      stateDir = c.stateDir;
      heartbeat = c.heartbeat;
      initialModel = c.initialModel;
      calibration = c.calibration;
      park = c.park;
    }

    public Builder seed(long seed) { boardSeed = seed; return this; }
    public Builder verifyKey(PublicKey key) { verifyKey = key; return this; }
    public Builder stateDir(Path dir) { stateDir = dir; return this; }
    public Builder heartbeat(Duration every) { heartbeat = every; return this; }
    public Builder initialModel(Path model) { initialModel = model; return this; }
    public Builder calibration(Path file) { calibration = file; return this; }
    public Builder parked(boolean parked) { park = parked; return this; }

    public AgentConfig build() {
      return new AgentConfig(group, device, boardSeed, verifyKey, stateDir, heartbeat, initialModel, calibration, park);
    }
  }
}
