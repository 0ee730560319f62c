package insitu.fleet.serve;

import insitu.boards.Board;
import insitu.fleet.BrokerAddress;
import insitu.fleet.BrokerLogin;
import insitu.fleet.agent.AgentConfig;
import insitu.fleet.agent.DeviceData;
import insitu.fleet.agent.FleetAgent;
import insitu.fleet.link.BrokerLink;
import insitu.fleet.link.ClientThreads;
import insitu.fleet.link.LinkSettings;
import insitu.fleet.link.PahoLink;
import insitu.sdk.DeployedModel;
import insitu.service.InferenceServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * The device side of a fleet inside the edge service ({@code insitu serve --fleet}): one
 * {@link FleetAgent} that shares the board and the served model with the service. Its board work
 * runs on the service's board thread between requests and every model it programs is served from
 * then on; its status carries the service's counters and readiness, and the service's metrics
 * carry its link, state and artifact. The agent's own work (messages, state files, status) runs
 * on a thread of its own, so a slow broker never holds up a request.
 */
public final class ServedDevice implements AutoCloseable {
  /** Where the fleet's broker is and how to log in ({@code caFile}: a private CA for mqtts://, or null). */
  public record Broker(BrokerAddress address, BrokerLogin login, Path caFile) {}

  private final FleetAgent agent;
  private final InferenceServer server;
  private final ExecutorService work;
  private final ScheduledExecutorService timer;
  private final AutoCloseable threads;

  /**
   * @param server the started service: empty, or serving {@code resumed}
   * @param resumed the state the service resumed (the agent takes it over as what it runs), or null
   * @param board the board the service's models live on; the caller owns (and closes) it
   * @param link an unconnected link whose will and birth are the device's presence ({@link FleetAgent#linkMessages})
   * @param threads closed with the device (the link's client threads), or null
   */
  public ServedDevice(InferenceServer server, DeployedModel resumed, Board board, AgentConfig config, DeviceData data, BrokerLink link,
                      AutoCloseable threads) {
    this.server = server;
    this.threads = threads;
    this.work = Executors.newSingleThreadExecutor(daemon("insitu-fleet-device"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("insitu-fleet-timer"));
    this.agent = new FleetAgent(config.toBuilder().parked(false).build(), board, new ServedBoard(server, resumed), data, link, work, timer, Clock.systemUTC());
  }

  /** A device connected through Eclipse Paho to {@code broker}; not started. */
  public static ServedDevice over(Broker broker, InferenceServer server, DeployedModel resumed, Board board, AgentConfig config,
                                  DeviceData data) {
    ClientThreads threads = new ClientThreads("insitu-device");
    var messages = FleetAgent.linkMessages(config.group(), config.device());
    LinkSettings settings = LinkSettings.device("insitu-" + config.group() + "-" + config.device(), messages[0], messages[1])
        .withCaFile(broker.caFile());
    return new ServedDevice(server, resumed, board, config, data, new PahoLink(broker.address(), broker.login(), settings, threads), threads);
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Takes over the resumed model (or restores or deploys the first one), connects and adds the
   * fleet's metrics to the service's. A broker that cannot be reached is retried in the
   * background; a refused login is thrown ({@link insitu.fleet.BrokerException}, exit 4).
   */
  public void start() {
    server.metrics().include(new FleetMetrics(agent));
    agent.start();
  }

  public FleetAgent agent() {
    return agent;
  }

  /** Says goodbye to the broker (offline presence) and stops the agent; the service, its model and the board stay the caller's. */
  @Override public void close() {
    agent.close();
    work.shutdownNow();
    timer.shutdownNow();
    if (threads != null) {
      try {
        threads.close();
      } catch (Exception e) {
        org.tinylog.Logger.debug("closing the MQTT client threads: {}", e.getMessage());
      }
    }
  }
}
