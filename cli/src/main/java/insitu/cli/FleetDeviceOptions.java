package insitu.cli;

import insitu.compiler.artifact.SigningKeys;
import insitu.errors.UsageException;
import insitu.fleet.BrokerAddress;
import insitu.fleet.agent.AgentConfig;
import insitu.fleet.agent.DeviceData;
import insitu.fleet.serve.ServedDevice;
import insitu.sdk.Insitu;
import insitu.sdk.data.DatasetSplit;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The device side of a fleet for {@code insitu serve --fleet} (and its alias {@code insitu fleet agent}): docs/fleet.md. */
public class FleetDeviceOptions {
  @Option(names = {"--fleet", "--broker"}, paramLabel = "URL",
      description = "follow a fleet through the MQTT broker at mqtt://HOST:PORT (mqtts:// for TLS): its rollouts replace the served model,"
          + " its rounds fine-tune it; needs --group and --device")
  String broker;

  @Option(names = "--group", paramLabel = "G", description = "with --fleet: the device's group (one topic level: letters, digits, _ . -)")
  String group;

  @Option(names = "--device", paramLabel = "ID", description = "with --fleet: this device's id (and, with the example ACL, its broker user name)")
  String device;

  @Mixin BrokerOptions.Login login;

  @Option(names = "--verify-key", paramLabel = "PUB.pem", description = "with --fleet: run only artifacts signed by this Ed25519 public key")
  Path verifyKey;

  @Option(names = "--data", paramLabel = "NAME",
      description = "with --fleet: local labelled samples, for the accuracy the device reports and its rounds' fine-tuning (default: none)")
  String data;

  @Option(names = "--shard", paramLabel = "K/N", description = "with --data: use shard K (0-based) of N of the data's splits") String shard;

  @Option(names = "--seed", paramLabel = "S", description = "with --fleet: seed of the board and of fine-tuning (default: 1)") Long seed;

  @Option(names = "--heartbeat", paramLabel = "S", description = "with --fleet: republish the status every S seconds (default: 60)")
  Long heartbeat;

  boolean enabled() {
    return broker != null;
  }

  /** Fleet options without --fleet, or --fleet without its group and device, are usage errors. */
  void check(boolean fleetRequired) {
    if (fleetRequired && broker == null) throw new UsageException("a fleet device needs --broker URL (or --fleet URL)");
    if (broker == null) {
      if (group != null || device != null || login.given() || verifyKey != null || data != null || shard != null || seed != null
          || heartbeat != null)
        throw new UsageException("--group, --device, --username, --password-file, --ca-file, --verify-key, --data, --shard, --seed and"
            + " --heartbeat belong to --fleet URL");
      return;
    }
    if (group == null || device == null) throw new UsageException("--fleet needs --group G and --device ID");
    if (shard != null && data == null) throw new UsageException("--shard needs --data");
    if (heartbeat != null && (heartbeat < 1 || heartbeat > 86_400)) throw new UsageException("--heartbeat must be 1..86400 seconds, was " + heartbeat);
  }

  long seed() {
    return seed == null ? 1 : seed;
  }

  /**
   * The agent of this device: its state in {@code stateDir/fleet} (beside the service's), the
   * first model and the board's calibration as given.
   */
  AgentConfig agent(Path firstModel, Path stateDir, Path calibration) {
    try {
      return AgentConfig.builder(group, device).seed(seed()).stateDir(stateDir == null ? null : stateDir.resolve("fleet"))
          .initialModel(firstModel).calibration(calibration).heartbeat(Duration.ofSeconds(heartbeat == null ? 60 : heartbeat))
          .verifyKey(verifyKey == null ? null : SigningKeys.readPublic(verifyKey)).build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  ServedDevice.Broker broker() {
    return new ServedDevice.Broker(BrokerAddress.parse(broker), login.login(), login.caFile);
  }

  DeviceData data() {
    if (data == null) return DeviceData.none();
    DatasetSplit split = Insitu.data(data);
    return shard == null ? DeviceData.of(split) : shard(split, shard);
  }

  static DeviceData shard(DatasetSplit split, String text) {
    String[] p = text.split("/");
    try {
      int k = Integer.parseInt(p[0]), n = Integer.parseInt(p[1]);
      if (p.length != 2 || n < 1 || k < 0 || k >= n) throw new NumberFormatException();
      return DeviceData.shard(split, k, n);
    } catch (RuntimeException e) {
      throw new UsageException("--shard must be K/N with 0 <= K < N, was " + text);
    }
  }
}
