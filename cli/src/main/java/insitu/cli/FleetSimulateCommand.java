package insitu.cli;

import insitu.compiler.artifact.SigningKeys;
import insitu.fleet.agent.FleetSimulation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code insitu fleet simulate}: N simulated devices in one process, until it is stopped. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Run N simulated devices of a group in one process, each with its own board (seeded by its index), MQTT connection,"
        + " data shard and state; runs until stopped (SIGTERM/Ctrl-C).")
public final class FleetSimulateCommand implements Callable<Integer> {
  @Mixin BrokerOptions broker;
  @Option(names = "--devices", required = true, paramLabel = "N") int devices;
  @Option(names = "--board", defaultValue = "sim:realistic", paramLabel = "SPEC", description = "every device's board (default: ${DEFAULT-VALUE})")
  String board;
  @Option(names = "--data", defaultValue = "mnist8", paramLabel = "NAME", description = "split into one shard per device (default: ${DEFAULT-VALUE})")
  String data;
  @Option(names = "--prefix", defaultValue = "dev", description = "device ids are PREFIX-0000, PREFIX-0001, ... (default: ${DEFAULT-VALUE})")
  String prefix;
  @Option(names = "--verify-key", paramLabel = "PUB.pem", description = "run only artifacts signed by this Ed25519 public key") Path verifyKey;
  @Option(names = "--state", paramLabel = "DIR", description = "device ID keeps its state in DIR/ID; a restart resumes every device") Path state;
  @Option(names = "--heartbeat", defaultValue = "60", paramLabel = "S", description = "republish statuses every S seconds") long heartbeat;
  @Option(names = "--debug", description = "Print stack traces of errors.") boolean debug;

  @Override public Integer call() throws InterruptedException {
    FleetSimulation sim = new FleetSimulation(new FleetSimulation.Config(broker.address(), broker.login(), broker.group, devices, board, data,
        verifyKey == null ? null : SigningKeys.readPublic(verifyKey), state, Duration.ofSeconds(Math.max(1, heartbeat)), prefix, broker.caFile()));
    try {
      sim.start();
    } catch (RuntimeException e) {
      sim.close();
      throw e;
    }
    System.err.printf("insitu: %d simulated device(s) of group %s follow %s%n", devices, broker.group, broker.address());
    return runUntilStopped(sim::close);
  }

  /** Blocks until the JVM is asked to stop; then says goodbye to the broker (offline presence) and exits 0. */
  static int runUntilStopped(Runnable stop) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.run();
      done.countDown();
    }));
    done.await();
    return 0;
  }
}
