package insitu.fleet.control;

import com.google.gson.JsonObject;
import insitu.fleet.BrokerException;
import insitu.fleet.link.BrokerLink;
import insitu.fleet.wire.Envelope;
import insitu.fleet.wire.Topics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import org.tinylog.Logger;

/**
 * A controller's connection to a group: subscribes to what the group reports, waits until the
 * retained messages have arrived (its own probe comes back after them), and keeps the retained
 * messages it owns (the deployment, the round) published, again after every reconnect, so a
 * broker restart that lost them does not lose the rollout.
 */
final class ControllerSession implements AutoCloseable {
  private static final long TICK_NANOS = 1_000_000_000L;
  private static final long PROBE_NANOS = 10_000_000_000L;
  final Topics topics;
  final FleetView view;
  final FleetClock clock;
  private final BrokerLink link;
  private final String clientId;
  private final Map<String, Envelope> owned = new ConcurrentHashMap<>();
  private final AtomicBoolean republish = new AtomicBoolean();

  ControllerSession(Topics topics, BrokerLink link, FleetClock clock, String clientId) {
    this.topics = topics;
    this.view = new FleetView(topics, clock::nanos);
    this.clock = clock;
    this.link = link;
    this.clientId = clientId;
  }

  /** Connects and waits for the group's retained state; {@code results}: also the devices' round results. */
  void open(boolean results) {
    link.onMessage(view::accept);
    link.subscribe(topics.deploy(), true);
    link.subscribe(topics.allStatus(), false);
    link.subscribe(topics.allPresence(), false);
    if (results) link.subscribe(topics.allResults(), true);
    link.subscribe(topics.probe(clientId), false);
    link.onConnected(() -> {
      republish.set(true);
      view.poke();
    });
    link.connect();
    republish.set(false);
    String nonce = Long.toHexString(clock.nanos()) + Integer.toHexString(System.identityHashCode(this));
    JsonObject probe = new JsonObject();
    probe.addProperty("type", "probe");
    probe.addProperty("nonce", nonce);
    link.publish(topics.probe(clientId), Envelope.of(probe), false);
    long deadline = clock.nanos() + PROBE_NANOS;
    boolean seen = await(v -> view.probeSeen(nonce), b -> b, deadline);
    if (!seen) Logger.warn("the broker did not echo this controller's probe; the group's state may be incomplete");
  }

  /** Publishes a retained message this controller is responsible for, now and after every reconnect. */
  void own(String topic, Envelope message) {
    owned.put(topic, message);
    if (!link.publish(topic, message, true)) republish.set(true);
  }

  /** Stops owning a topic and clears its retained message. */
  void release(String topic) {
    owned.remove(topic);
    if (!link.clearRetained(topic)) Logger.warn("could not clear {} (not connected)", topic);
  }

  /**
   * Waits until {@code done} holds for what {@code evaluate} makes of the view, or the deadline
   * passes (then returns the last evaluation); republishes owned messages after reconnects.
   */
  <T> T await(Function<FleetView.Snapshot, T> evaluate, Predicate<T> done, long deadlineNanos) {
    while (true) {
      if (republish.get() && link.isConnected()) {
        republish.set(false);
        for (var e : owned.entrySet()) if (!link.publish(e.getKey(), e.getValue(), true)) republish.set(true);
      }
      long version = view.version();
      T t = evaluate.apply(view.snapshot());
      long left = deadlineNanos - clock.nanos();
      if (done.test(t) || left <= 0) return t;
      try {
        clock.await(view, version, Math.min(left, TICK_NANOS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BrokerException("interrupted while waiting for the group " + topics.group());
      }
    }
  }

  /** Whether a deadline has passed. */
  boolean passed(long deadlineNanos) {
    return clock.nanos() - deadlineNanos >= 0;
  }

  BrokerLink.Traffic traffic() {
    return link.traffic();
  }

  @Override public void close() {
    link.close();
  }
}
