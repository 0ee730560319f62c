package insitu.fleet.agent;

import insitu.boards.Board;
import insitu.compiler.artifact.SigningKeys;
import insitu.fleet.link.MemoryBroker;
import insitu.sdk.Insitu;
import insitu.sdk.data.DatasetSplit;
import insitu.sdk.job.CompileJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Artifacts and agents for protocol tests: the paper CNN compiled for the paper board twice (two
 * seeds, signed), once unsigned, and once with a changed byte in its manifest (signature kept);
 * agents on simulated paper boards that do their board work on the publishing thread.
 */
public final class Fixture implements AutoCloseable {
  public static final DatasetSplit DIGITS = Insitu.data("mnist8");
  public final KeyPair keys = SigningKeys.generate();
  public final byte[] signedA, signedB, unsigned, tampered;
  private final Path dir;
  private final List<Board> boards = new ArrayList<>();
  private final List<FleetAgent> agents = new ArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  public Fixture(Path dir) throws Exception {
    this.dir = dir;
    Path priv = dir.resolve("key.pem"), pub = dir.resolve("pub.pem");
    SigningKeys.write(keys, priv, pub);
    signedA = compile("a.xbar", priv, 1);
    signedB = compile("b.xbar", priv, 2);
    unsigned = compile("u.xbar", null, 3);
    tampered = signedA.clone();
    // The manifest is the first entry; a byte in its deflated data no longer matches manifest.sha256.
    tampered[60] ^= 0x10;
  }

  private byte[] compile(String name, Path key, long seed) throws Exception {
    Path out = dir.resolve(name);
    CompileJob.run(new CompileJob.Request("paper-cnn", "sim", out, null, null, key, seed));
    return Files.readAllBytes(out);
  }

  /** An agent of group {@code g} with its own board (seed = index + 1) and a 1/20 shard of the digits, started. */
  public FleetAgent agent(MemoryBroker broker, String id, int index, AgentConfig config) {
    Board b = Insitu.board("sim", index + 1);
    boards.add(b);
    var msgs = FleetAgent.linkMessages(config.group(), id);
    var link = broker.link("c-" + id, msgs[0], msgs[1]);
    FleetAgent a = new FleetAgent(config, b, DeviceData.shard(DIGITS, index, 20), link, Runnable::run, timer,
        Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    agents.add(a);
    a.start();
    return a;
  }

  public AgentConfig config(String id) {
    return AgentConfig.builder("g", id).heartbeat(java.time.Duration.ofHours(1)).build();
  }

  @Override public void close() {
    for (FleetAgent a : agents) a.close();
    for (Board b : boards) b.close();
    timer.shutdownNow();
  }
}
