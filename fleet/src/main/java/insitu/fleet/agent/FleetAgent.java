package insitu.fleet.agent;

import insitu.boards.Board;
import insitu.errors.InsituException;
import insitu.fleet.BrokerException;
import insitu.fleet.link.BrokerLink;
import insitu.fleet.wire.Deployment;
import insitu.fleet.wire.DeviceStatus;
import insitu.fleet.wire.DeviceStatus.State;
import insitu.fleet.wire.Envelope;
import insitu.fleet.wire.Presence;
import insitu.fleet.wire.RoundRequest;
import insitu.fleet.wire.RoundResult;
import insitu.fleet.wire.Topics;
import insitu.fleet.wire.WireException;
import insitu.sdk.DeployedModel;
import insitu.sdk.Insitu;
import insitu.sdk.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.tinylog.Logger;

/**
 * A device of a fleet: follows its group's deployments and rounds through the broker, runs what it
 * is sent on its board, and reports what it runs and how well (docs/fleet.md).
 *
 * <p>The protocol is state, not commands, so lost, repeated and reordered messages do no harm:
 * the newest deployment wins (rollout ids only grow), an artifact already on the board is applied
 * once (by digest), a round is answered once (by round id) and only on the model it names, and
 * after every reconnect the device republishes its status and last result. Artifacts are verified
 * before the board is touched; with a verification key, unsigned and tampered ones are refused and
 * the model that was running keeps running. All board work runs on the device's {@link Mailbox}.
 */
public final class FleetAgent implements AutoCloseable {
  private final AgentConfig config;
  private final Topics topics;
  private final BrokerLink link;
  private final BoardDevice device;
  private final BoardHost host;
  private final StateStore store;
  private final Mailbox mailbox;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final AtomicReference<Deployment> newestDeploy = new AtomicReference<>();
  private final AtomicReference<RoundRequest> pendingRound = new AtomicReference<>();
  private final AtomicInteger badMessages = new AtomicInteger();
  private final Path tempState;
  private volatile DeviceStatus status;
  private volatile ScheduledFuture<?> heartbeat, retry;
  // Touched only on the mailbox:
  private StateStore.Saved saved = StateStore.Saved.EMPTY;
  private State state = State.STARTING;
  private DeviceStatus.Refusal refused;
  private String error;
  private int boardErrors;
  private boolean restored;
  private RoundResult lastResult;

  /**
   * A device on its own: board work runs on {@code workers}, and nothing else uses the board.
   *
   * @param board the device's board; the caller owns (and closes) it
   * @param link an unconnected link whose will and birth are this device's presence ({@link #linkMessages})
   * @param workers runs the device's work; shared by all agents of a process
   * @param scheduler runs heartbeats and connection retries; shared
   */
  public FleetAgent(AgentConfig config, Board board, DeviceData data, BrokerLink link, Executor workers, ScheduledExecutorService scheduler,
                    Clock clock) {
    this(config, board, BoardHost.own(board), data, link, workers, scheduler, clock);
  }

  /**
   * A device whose board work goes through {@code host} (the edge service, which serves every
   * model the device puts on the board); the device's own work (messages, state files, status)
   * stays on {@code workers}.
   */
  public FleetAgent(AgentConfig config, Board board, BoardHost host, DeviceData data, BrokerLink link, Executor workers,
                    ScheduledExecutorService scheduler, Clock clock) {
    this.config = config;
    this.topics = new Topics(config.group());
    this.link = link;
    this.scheduler = scheduler;
    this.clock = clock;
    this.host = host;
    try {
      this.tempState = config.stateDir() == null ? Files.createTempDirectory("insitu-device-") : null;
    } catch (IOException e) {
      throw new insitu.errors.BadInputException("cannot create a temporary state directory: " + e.getMessage(), e);
    }
    this.store = new StateStore(config.stateDir() != null ? config.stateDir() : tempState);
    this.device = new BoardDevice(board, host, data, config.boardSeed(), store, config.calibration(), config.park());
    this.mailbox = new Mailbox(workers, config.device());
    this.status = snapshot();
  }

  /** The last will and the birth message of a device's link: its retained presence. */
  public static insitu.fleet.link.LinkSettings.Message[] linkMessages(String group, String device) {
    Topics t = new Topics(group);
    return new insitu.fleet.link.LinkSettings.Message[] {
        new insitu.fleet.link.LinkSettings.Message(t.presence(device), new Presence(device, false).toEnvelope().encode()),
        new insitu.fleet.link.LinkSettings.Message(t.presence(device), new Presence(device, true).toEnvelope().encode())};
  }

  /**
   * Restores the saved model (or the initial one), then connects. A broker that cannot be reached
   * is retried in the background; a refused login is thrown ({@link BrokerException}).
   */
  public void start() {
    link.subscribe(topics.deploy(), true);
    link.subscribe(topics.round(), false);
    link.onMessage(this::onMessage);
    link.onConnected(() -> mailbox.submit(this::publishAll));
    mailbox.submit(this::restore);
    connect();
    long hb = config.heartbeat().toMillis();
    heartbeat = scheduler.scheduleAtFixedRate(() -> mailbox.submit(this::publishStatus), hb, hb, TimeUnit.MILLISECONDS);
  }

  private void connect() {
    try {
      link.connect();
    } catch (BrokerException e) {
      if (!e.retryable()) throw e;
      Logger.info("device {}: {}; retrying", config.device(), e.getMessage());
      retry = scheduler.schedule(this::connect, 2, TimeUnit.SECONDS);
    }
  }

  /** What this device last reported (or would report now). */
  public DeviceStatus status() {
    return status;
  }

  /** The model on the board, if any. */
  public DeployedModel model() {
    return device.model();
  }

  /** Whether the link to the broker is up now. */
  public boolean connected() {
    return link.isConnected();
  }

  private void onMessage(String topic, Envelope message) {
    try {
      if (topic.equals(topics.deploy())) {
        if (message == null) return;
        Deployment d = Deployment.from(message);
        newestDeploy.accumulateAndGet(d, (a, b) -> a == null || b.rollout() > a.rollout() ? b : a);
      } else if (topic.equals(topics.round())) {
        // An empty retained payload ends the round.
        if (message == null) pendingRound.set(null);
        else pendingRound.accumulateAndGet(RoundRequest.from(message), (a, b) -> a == null || b.round() > a.round() ? b : a);
      } else {
        return;
      }
      mailbox.submit(this::work);
    } catch (WireException | IllegalArgumentException e) {
      badMessages.incrementAndGet();
      Logger.debug("device {}: dropped a malformed message on {}: {}", config.device(), topic, e.getMessage());
    }
  }

  private void restore() {
    try {
      StateStore.Saved s = store.load();
      DeployedModel running = host.modelAtStart();
      if (running != null) {
        adopt(running, s);
      } else {
        device.calibrate(); // nothing on the board yet that a self-test could disturb
        if (s.artifactSha256() != null) {
          state = State.DEPLOYING;
          device.deploy(Insitu.load(store.learned(s.learnedSha256()).toString()), 0);
          saved = s;
          restored = true;
          state = State.RUNNING;
          lastResult = store.loadResult();
          Logger.info("device {}: back on {} from its saved state", config.device(), s.artifactSha256().substring(0, 12));
        } else if (config.initialModel() != null) {
          apply(Deployment.of(0, Files.readAllBytes(config.initialModel()), 0, 0));
        }
      }
    } catch (IOException | InsituException e) {
      fail("restoring the saved state failed", e);
    }
    publishStatus();
  }

  /**
   * Takes over the model the host resumed (the service's state wins: it holds what was learned
   * since). Which artifact it is comes from the file it was loaded from; when that is not what
   * state.json names (a crash between the two saves), the model that runs is the truth.
   */
  private void adopt(DeployedModel running, StateStore.Saved s) throws IOException {
    device.adopt(running);
    saved = store.describing(running.model().name(), s);
    if (saved.artifactSha256() != null && saved.learnedSha256() == null) commit(new StateStore.Saved(saved.artifactSha256(), saved.rollout(),
        saved.answeredRound(), device.keepLearned()));
    lastResult = saved == s ? store.loadResult() : null;
    restored = true;
    state = State.RUNNING;
    Logger.info("device {}: serving {} from the saved state", config.device(),
        saved.artifactSha256() == null ? running.model().name() : saved.artifactSha256().substring(0, 12));
  }

  private void work() {
    Deployment d = newestDeploy.getAndSet(null);
    if (d != null) apply(d);
    RoundRequest r = pendingRound.get();
    if (r != null) answer(r);
  }

  private void apply(Deployment d) {
    if (d.sha256().equals(saved.artifactSha256())) {
      // Already on the board: take the newer rollout id, nothing else. (The group wants what runs,
      // so an earlier refusal no longer describes the device; it stays in the status as history.)
      if (d.rollout() > saved.rollout()) commit(saved.withRollout(d.rollout()));
      if (state == State.REFUSED) state = State.RUNNING;
      publishStatus();
      return;
    }
    if (d.rollout() <= saved.rollout()) return; // older than what runs: stale or a duplicate
    if (refused != null && refused.sha256().equals(d.sha256()) && refused.rollout() == d.rollout()) return; // refused it already
    Path staged;
    Model m;
    try {
      // Staged under its digest: the model is named by that file, so a served state resumed later says which artifact it holds.
      staged = store.stage(d.artifact(), d.sha256());
      m = Insitu.load(staged, config.verifyKey());
    } catch (IOException | InsituException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage().replace(store.artifact(d.sha256()) + ": ", "");
      store.discard(d.sha256());
      refused = new DeviceStatus.Refusal(d.sha256(), d.rollout(), reason);
      state = State.REFUSED;
      Logger.info("device {}: refused artifact {}: {}", config.device(), d.sha256().substring(0, 12), reason);
      publishStatus();
      return;
    }
    state = State.DEPLOYING;
    publishStatus();
    try {
      device.deploy(m, d.adaptEpochs());
      commit(new StateStore.Saved(d.sha256(), d.rollout(), saved.answeredRound(), device.keepLearned()));
      refused = null;
      error = null;
      restored = false;
      state = State.RUNNING;
    } catch (IOException | InsituException e) {
      fail("deploying " + d.sha256().substring(0, 12) + " failed", e);
      // The controller sees it as refused, with the reason; a new rollout id retries it.
      refused = new DeviceStatus.Refusal(d.sha256(), d.rollout(), error);
      recover();
    }
    publishStatus();
  }

  /** After a failed deployment the board holds half a model: put the one that ran back. */
  private void recover() {
    if (saved.learnedSha256() == null) return;
    try {
      device.deploy(Insitu.load(store.learned(saved.learnedSha256()).toString()), 0);
      state = State.RUNNING;
    } catch (InsituException e) {
      fail("restoring the previous model failed", e);
    }
  }

  private void answer(RoundRequest r) {
    if (!device.hasModel() || !r.baseSha256().equals(saved.artifactSha256()) || r.round() <= saved.answeredRound()) return;
    state = State.TRAINING;
    publishStatus();
    try {
      double before = device.accuracy();
      double after = device.fineTune(r.epochs());
      String learned = device.keepLearned();
      lastResult = new RoundResult(config.device(), r.round(), r.baseSha256(), device.trainSamples(), r.epochs(), before, after,
          Files.readAllBytes(store.learned(learned)));
      store.saveResult(lastResult);
      commit(saved.withAnsweredRound(r.round(), learned));
      state = State.RUNNING;
      publish(topics.result(config.device()), lastResult.toEnvelope());
    } catch (IOException | InsituException e) {
      fail("round " + r.round() + " failed", e);
    }
    publishStatus();
  }

  private void commit(StateStore.Saved s) {
    try {
      store.commit(s);
      saved = s;
    } catch (IOException e) {
      throw new insitu.errors.BadInputException(store.dir() + ": cannot save the device state: " + e.getMessage(), e);
    }
  }

  private void fail(String what, Exception e) {
    boardErrors++;
    error = what + ": " + e.getMessage();
    state = device.hasModel() ? State.RUNNING : State.FAILED;
    Logger.warn("device {}: {}", config.device(), error);
  }

  private void publishAll() {
    // The link's birth message after a reconnect is sent without waiting; this one is confirmed.
    publish(topics.presence(config.device()), new Presence(config.device(), true).toEnvelope());
    publishStatus();
    if (lastResult != null) publish(topics.result(config.device()), lastResult.toEnvelope());
  }

  private void publishStatus() {
    status = snapshot();
    publish(topics.status(config.device()), status.toEnvelope());
  }

  private void publish(String topic, Envelope message) {
    try {
      if (!link.publish(topic, message, true)) Logger.debug("device {}: not connected; {} waits for the reconnect", config.device(), topic);
    } catch (BrokerException e) {
      Logger.warn("device {}: {}", config.device(), e.getMessage());
    }
  }

  private DeviceStatus snapshot() {
    var c = device.counters();
    var health = new DeviceStatus.Health(device.calibrated(), device.stuckCells(), device.programming(), boardErrors,
        badMessages.get() + (int) link.traffic().badMessages());
    return new DeviceStatus(config.device(), config.group(), state, saved.artifactSha256(), Math.max(0, saved.rollout()),
        saved.answeredRound(), device.accuracy(), device.testSamples(), device.trainSamples(), c.pulses(), c.cellReads(),
        device.recalibrations(), health, clock.instant().toString(), refused, error, restored, host.service());
  }

  /** Says goodbye (retained offline presence; the will only fires when the connection dies) and disconnects. */
  @Override public void close() {
    if (heartbeat != null) heartbeat.cancel(false);
    if (retry != null) retry.cancel(false);
    mailbox.close();
    try {
      if (link.isConnected()) link.publish(topics.presence(config.device()), new Presence(config.device(), false).toEnvelope(), true);
    } catch (BrokerException e) {
      Logger.debug("device {}: {}", config.device(), e.getMessage());
    }
    link.close();
    if (tempState != null) deleteTree(tempState);
  }

  private static void deleteTree(Path dir) {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      Logger.debug("cannot remove {}: {}", dir, e.getMessage());
    }
  }
}
