package insitu.fleet.agent;

import insitu.boards.Board;
import insitu.errors.UsageException;
import insitu.fleet.BrokerAddress;
import insitu.fleet.BrokerLogin;
import insitu.fleet.link.ClientThreads;
import insitu.fleet.link.LinkSettings;
import insitu.fleet.link.PahoLink;
import insitu.fleet.wire.DeviceStatus;
import insitu.sdk.Insitu;
import insitu.sdk.data.DatasetSplit;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fleet of simulated devices in one process, each with its own board (seeded by its index, so
 * each has its own stuck cells and noise), its own MQTT connection, its own shard of the data, and
 * its own state directory. Board work of all devices shares one worker per core, and the client
 * threads share small stacks and one keep-alive timer ({@link ClientThreads}).
 */
public final class FleetSimulation implements AutoCloseable {
  /**
   * @param login null for an anonymous broker; a user name with {@value BrokerLogin#DEVICE_ID} logs each device in as itself
   * @param stateDir device i keeps its state in {@code stateDir/ID}; null: nothing survives a restart
   */
  public record Config(BrokerAddress broker, BrokerLogin login, String group, int devices, String boardSpec, String data, PublicKey verifyKey,
                       Path stateDir, Duration heartbeat, String prefix, Path caFile) {
    public Config {
      if (devices < 1 || devices > 100_000) throw new UsageException("--devices must be 1..100000, was " + devices);
      if (boardSpec.contains("seed="))
        throw new UsageException("fleet simulate seeds each board from its device index; remove seed= from --board " + boardSpec);
    }

    /** Device i's id: PREFIX-0000, PREFIX-0001, ... */
    public String id(int i) {
      return prefix + "-" + String.format("%04d", i);
    }
  }

  /** Devices connecting at once while the fleet starts. */
  private static final int STARTERS = 8;
  private final Config config;
  private final ClientThreads threads = new ClientThreads("fleet");
  private final ExecutorService workers;
  private final ScheduledExecutorService scheduler;
  private final List<FleetAgent> agents = new ArrayList<>();
  private final List<Board> boards = new ArrayList<>();

  public FleetSimulation(Config config) {
    this.config = config;
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> daemon(r, "fleet-board-" + n.incrementAndGet()));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "fleet-timer"));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Opens every board and connects every device, a few at a time (a connect mostly waits for the
   * broker's replies); a refused login stops the whole fleet.
   */
  public void start() {
    DatasetSplit split = Insitu.data(config.data());
    for (int i = 0; i < config.devices(); i++) agents.add(agent(split, i));
    ExecutorService starters = Executors.newFixedThreadPool(STARTERS, r -> daemon(r, "fleet-start"));
    try {
      List<Future<?>> started = new ArrayList<>();
      for (FleetAgent a : agents) started.add(starters.submit(a::start));
      for (Future<?> f : started) f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new insitu.fleet.BrokerException("interrupted while connecting the fleet");
    } finally {
      starters.shutdownNow();
    }
  }

  private FleetAgent agent(DatasetSplit split, int i) {
    String id = config.id(i);
    Board board = Insitu.board(config.boardSpec(), 1 + i);
    boards.add(board);
    var messages = FleetAgent.linkMessages(config.group(), id);
    LinkSettings settings = LinkSettings.device("insitu-" + config.group() + "-" + id, messages[0], messages[1]).withCaFile(config.caFile());
    PahoLink link = new PahoLink(config.broker(), config.login() == null ? null : config.login().forDevice(id), settings, threads);
    AgentConfig ac = AgentConfig.builder(config.group(), id).seed(1 + i).verifyKey(config.verifyKey()).heartbeat(config.heartbeat())
        .stateDir(config.stateDir() == null ? null : config.stateDir().resolve(id)).parked(true).build();
    return new FleetAgent(ac, board, DeviceData.shard(split, i, config.devices()), link, workers, scheduler, Clock.systemUTC());
  }

  public List<DeviceStatus> statuses() {
    return agents.stream().map(FleetAgent::status).toList();
  }

  public List<FleetAgent> agents() {
    return List.copyOf(agents);
  }

  /** Threads the MQTT clients keep busy now. */
  public int clientThreads() {
    return threads.threads();
  }

  @Override public void close() {
    for (FleetAgent a : agents) a.close();
    workers.shutdownNow();
    scheduler.shutdownNow();
    threads.close();
    for (Board b : boards) b.close();
  }
}
