package insitu.fleet.control;

import insitu.errors.BadInputException;
import insitu.errors.UsageException;

import insitu.fleet.link.BrokerLink;
import insitu.fleet.wire.Deployment;
import insitu.fleet.wire.DeviceStatus;
import insitu.fleet.wire.RoundRequest;
import insitu.fleet.wire.RoundResult;
import insitu.fleet.wire.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator's side of a group: its status, rollouts, and rounds of federated fine-tuning
 * (docs/fleet.md). Every wait ends at a deadline; devices that never answer are reported by name.
 */
public final class FleetController implements AutoCloseable {
  /** How long a device that drops offline during a rollout or round is still waited for (reconnects take seconds). */
  public static final Duration OFFLINE_GRACE = Duration.ofSeconds(60);
  private final ControllerSession session;
  private final Topics topics;

  /**
   * @param link an unconnected link (a controller's: fresh session, no will)
   * @param clientId the link's client id (its probe topic is named after it)
   */
  public FleetController(BrokerLink link, String group, String clientId, FleetClock clock) {
    this.topics = new Topics(group);
    this.session = new ControllerSession(topics, link, clock, clientId);
  }

  /** Connects and reads the group's retained state; {@code results} also fetches the devices' round results. */
  public void open(boolean results) {
    session.open(results);
  }

  /** Every device the group has heard of, online or not, with what it last reported. */
  public FleetStatus status() {
    FleetView.Snapshot s = session.view.snapshot();
    Deployment d = s.deployment();
    var deployment = d == null ? null : new FleetStatus.GroupDeployment(d.sha256(), d.rollout(), d.round(), d.artifact().length);
    List<DeviceReport> devices = new ArrayList<>();
    for (FleetView.Device dev : s.devices()) devices.add(DeviceReport.of(dev, null));
    return new FleetStatus(topics.group(), deployment, s.online().size(), devices);
  }

  /** Rolls an artifact out to the group and waits until every online device runs or refuses it, or the timeout. */
  public RolloutReport deploy(byte[] artifact, Duration timeout) {
    return deploy(artifact, timeout, 0, 0);
  }

  private RolloutReport deploy(byte[] artifact, Duration timeout, int adaptEpochs, long round) {
    long t0 = session.clock.nanos();
    FleetView.Snapshot before = session.view.snapshot();
    Deployment previous = before.deployment();
    Deployment d = Deployment.of(nextId(before), artifact, adaptEpochs, round);
    java.util.Set<String> offlineAtStart = new java.util.HashSet<>();
    for (FleetView.Device dev : before.devices()) if (!dev.online()) offlineAtStart.add(dev.id());
    session.own(topics.deploy(), d.toEnvelope());
    long deadline = t0 + timeout.toNanos();
    RolloutProgress p = session.await(v -> RolloutProgress.of(v, d.sha256(), d.rollout(), offlineAtStart, session.clock.nanos(), OFFLINE_GRACE.toNanos(),
        session.passed(deadline)), RolloutProgress::done,
        deadline);
    String restored = null;
    if (p.running().isEmpty() && !p.refused().isEmpty() && previous != null && !previous.sha256().equals(d.sha256())) {
      // Nobody took it: do not leave it as the group's model for devices that join later.
      session.own(topics.deploy(), previous.toEnvelope());
      restored = previous.sha256();
    }
    List<DeviceReport> devices = new ArrayList<>();
    FleetView.Snapshot after = session.view.snapshot();
    for (FleetView.Device dev : after.devices()) devices.add(DeviceReport.of(dev, outcome(p, dev.id())));
    return new RolloutReport(d.sha256(), d.rollout(), p, devices, restored, (session.clock.nanos() - t0) / 1e9);
  }

  private static String outcome(RolloutProgress p, String id) {
    if (p.running().contains(id)) return "running";
    if (p.refused().contains(id)) return "refused";
    if (p.timedOut().contains(id)) return "timed_out";
    if (p.pending().contains(id)) return "pending";
    return "offline";
  }

  /** Ids only grow: the wall clock in milliseconds, or one more than anything the group has seen. */
  private long nextId(FleetView.Snapshot s) {
    long max = s.deployment() == null ? 0 : Math.max(s.deployment().rollout(), s.deployment().round());
    for (FleetView.Device d : s.devices()) {
      DeviceStatus st = d.status();
      if (st != null) max = Math.max(max, Math.max(st.rollout(), st.answeredRound()));
      if (st != null && st.refused() != null) max = Math.max(max, st.refused().rollout());
      if (d.result() != null) max = Math.max(max, d.result().round());
    }
    return Math.max(session.clock.epochMillis(), max + 1);
  }

  /**
   * One round: every online device on the group's model fine-tunes it in situ and reports what its
   * board learned; the results are combined, signed, rolled out, and adapted by each device.
   */
  public RoundReport round(RoundOptions o) {
    long t0 = session.clock.nanos();
    FleetView.Snapshot s = session.view.snapshot();
    Deployment base = s.deployment();
    if (base == null) throw new UsageException("group " + topics.group() + " has no deployment yet: run 'insitu fleet deploy' first");
    Set<String> participants = new LinkedHashSet<>();
    for (FleetView.Device d : s.online()) if (d.status() != null && base.sha256().equals(d.status().artifactSha256())) participants.add(d.id());
    if (participants.isEmpty())
      throw new UsageException("no online device of group " + topics.group() + " runs its deployment " + base.sha256().substring(0, 12));
    RoundRequest request = new RoundRequest(nextId(s), base.sha256(), o.epochs());
    session.own(topics.round(), request.toEnvelope());
    long deadline = t0 + o.timeout().toNanos();
    RoundProgress p = session.await(v -> RoundProgress.of(v, request.round(), participants, session.clock.nanos(),
        OFFLINE_GRACE.toNanos(), session.passed(deadline)), RoundProgress::done,
        deadline);
    session.release(topics.round());
    try (RoundModels models = new RoundModels(base.artifact())) {
      for (RoundResult r : p.answered()) if (r.baseSha256().equals(base.sha256())) models.offer(r);
      if (models.accepted().isEmpty())
        return new RoundReport(request.round(), base.sha256(), o.aggregation(), Double.NaN, Double.NaN, List.of(), p.timedOut(), p.offline(),
            models.rejected(), null, (session.clock.nanos() - t0) / 1e9);
      byte[] next = models.combine(new WeightAggregator(o.aggregation(), o.trim()), o.signingKey(), o.out());
      RolloutReport rollout = deploy(next, o.timeout(), o.adaptEpochs(), request.round());
      return report(request, base, o, p, models, rollout, t0);
    } catch (IOException e) {
      throw new BadInputException("cannot write the round's model: " + e.getMessage(), e);
    }
  }

  private RoundReport report(RoundRequest request, Deployment base, RoundOptions o, RoundProgress p, RoundModels models, RolloutReport rollout,
                             long t0) {
    Map<String, DeviceStatus> now = new HashMap<>();
    for (FleetView.Device d : session.view.snapshot().devices()) if (d.status() != null) now.put(d.id(), d.status());
    List<RoundReport.Contribution> devices = new ArrayList<>();
    double sumBefore = 0, sumAfter = 0;
    int n = 0;
    for (RoundResult r : models.accepted()) {
      DeviceStatus after = now.get(r.device());
      boolean runs = after != null && rollout.artifactSha256().equals(after.artifactSha256());
      devices.add(new RoundReport.Contribution(r.device(), r.samples(), r.accuracyBefore(), r.accuracyAfter(), runs ? after.accuracy() : null));
      if (runs && Double.isFinite(r.accuracyBefore()) && Double.isFinite(after.accuracy())) {
        sumBefore += r.accuracyBefore();
        sumAfter += after.accuracy();
        n++;
      }
    }
    return new RoundReport(request.round(), base.sha256(), o.aggregation(), n == 0 ? Double.NaN : sumBefore / n,
        n == 0 ? Double.NaN : sumAfter / n, devices, p.timedOut(), p.offline(), models.rejected(), rollout,
        (session.clock.nanos() - t0) / 1e9);
  }

  /** What this controller's client sent and received. */
  public BrokerLink.Traffic traffic() {
    return session.traffic();
  }

  @Override public void close() {
    session.close();
  }

}
