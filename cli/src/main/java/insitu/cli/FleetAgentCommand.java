package insitu.cli;

import insitu.boards.Board;
import insitu.compiler.artifact.SigningKeys;
import insitu.errors.UsageException;
import insitu.fleet.agent.AgentConfig;
import insitu.fleet.agent.DeviceData;
import insitu.fleet.agent.FleetAgent;
import insitu.fleet.link.ClientThreads;
import insitu.fleet.link.LinkSettings;
import insitu.fleet.link.PahoLink;
import insitu.sdk.Insitu;
import insitu.sdk.data.DatasetSplit;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code insitu fleet agent}: one device of a fleet, until it is stopped. */
@Command(name = "agent", mixinStandardHelpOptions = true,
    description = "Run one device of a group: follow its deployments and rounds, report status; runs until stopped (SIGTERM/Ctrl-C).")
public final class FleetAgentCommand implements Callable<Integer> {
  @Mixin BrokerOptions broker;
  @Option(names = "--device", required = true, paramLabel = "ID", description = "this device's id (and, with the example ACL, its user name)")
  String device;
  @Option(names = "--board", defaultValue = "sim:realistic", paramLabel = "SPEC", description = "the board (default: ${DEFAULT-VALUE})") String board;
  @Option(names = "--data", defaultValue = "mnist8", paramLabel = "NAME", description = "local labelled samples (default: ${DEFAULT-VALUE})")
  String data;
  @Option(names = "--shard", paramLabel = "K/N", description = "use shard K (0-based) of N of the data's splits") String shard;
  @Option(names = "--model", paramLabel = "FILE.xbar", description = "run this artifact until the group deploys one") Path model;
  @Option(names = "--verify-key", paramLabel = "PUB.pem", description = "run only artifacts signed by this Ed25519 public key") Path verifyKey;
  @Option(names = "--state", paramLabel = "DIR", description = "keep what the device runs here; a restart resumes from it") Path state;
  @Option(names = "--seed", defaultValue = "1", description = "seed of the board and of fine-tuning") long seed;
  @Option(names = "--heartbeat", defaultValue = "60", paramLabel = "S", description = "republish the status every S seconds") long heartbeat;
  @Option(names = "--debug", description = "Print stack traces of errors.") boolean debug;

  @Override public Integer call() throws InterruptedException {
    DatasetSplit split = Insitu.data(data);
    DeviceData local = shard == null ? DeviceData.of(split) : shard(split, shard);
    AgentConfig config = AgentConfig.of(broker.group, device).withSeed(seed).withStateDir(state).withInitialModel(model)
        .withHeartbeat(Duration.ofSeconds(Math.max(1, heartbeat))).withVerifyKey(verifyKey == null ? null : SigningKeys.readPublic(verifyKey));
    var messages = FleetAgent.linkMessages(broker.group, device);
    ClientThreads threads = new ClientThreads("insitu-agent");
    var workers = Executors.newSingleThreadExecutor();
    var timer = Executors.newSingleThreadScheduledExecutor();
    Board b = Insitu.board(this.board, seed);
    PahoLink link = new PahoLink(broker.address(), broker.login(),
        LinkSettings.device("insitu-" + broker.group + "-" + device, messages[0], messages[1]).withCaFile(broker.caFile), threads);
    FleetAgent agent = new FleetAgent(config, b, local, link, workers, timer, Clock.systemUTC(), m -> {});
    Runnable stop = () -> {
      agent.close();
      workers.shutdownNow();
      timer.shutdownNow();
      threads.close();
      b.close();
    };
    try {
      agent.start();
    } catch (RuntimeException e) {
      stop.run();
      throw e;
    }
    System.err.println("insitu: device " + device + " of group " + broker.group + " follows " + broker.address());
    return FleetSimulateCommand.runUntilStopped(stop);
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
