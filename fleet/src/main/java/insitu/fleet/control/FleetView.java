package insitu.fleet.control;

import insitu.fleet.wire.Deployment;
import insitu.fleet.wire.DeviceStatus;
import insitu.fleet.wire.Envelope;
import insitu.fleet.wire.Presence;
import insitu.fleet.wire.RoundResult;
import insitu.fleet.wire.Topics;
import insitu.fleet.wire.WireException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tinylog.Logger;

/**
 * What a controller knows about a group, built from the retained messages it receives: every
 * device's presence, status and last round result, and the group's deployment. Thread-safe; waiters
 * are woken on every change.
 */
public final class FleetView {
  /**
   * One device as last heard of; any part may be null. {@code offlineSince} is when the view
   * learned it went offline ({@link FleetClock#nanos()}), or {@link Long#MIN_VALUE}.
   */
  public record Device(String id, Presence presence, DeviceStatus status, RoundResult result, long offlineSince) {
    public boolean online() {
      return presence != null && presence.online();
    }

    /** Offline and not back within {@code graceNanos} (a broker restart takes devices away for seconds). */
    public boolean gone(long nowNanos, long graceNanos) {
      return !online() && (offlineSince == Long.MIN_VALUE || nowNanos - offlineSince >= graceNanos);
    }
  }

  /** A consistent copy of the view. */
  public record Snapshot(List<Device> devices, Deployment deployment, long version) {
    public List<Device> online() {
      return devices.stream().filter(Device::online).toList();
    }
  }

  private final Topics topics;
  private final java.util.function.LongSupplier nanos;
  private final Map<String, Device> devices = new TreeMap<>();
  private Deployment deployment;
  private String probeSeen;
  private long version;
  private int badMessages;

  public FleetView(Topics topics, java.util.function.LongSupplier nanos) {
    this.topics = topics;
    this.nanos = nanos;
  }

  /** Feeds one received message (from a {@link insitu.fleet.link.BrokerLink} handler). */
  public synchronized void accept(String topic, Envelope message) {
    try {
      if (topic.equals(topics.deploy())) {
        deployment = message == null ? null : Deployment.from(message);
      } else if (topics.isProbe(topic)) {
        if (message != null && message.header().has("nonce")) probeSeen = message.header().get("nonce").getAsString();
      } else {
        String id = topics.deviceOf(topic), kind = topics.kindOf(topic);
        if (id == null || kind == null) return;
        Device d = devices.getOrDefault(id, new Device(id, null, null, null, Long.MIN_VALUE));
        d = switch (kind) {
          case "presence" -> presence(d, message == null ? null : Presence.from(message));
          case "status" -> new Device(id, d.presence(), message == null ? null : DeviceStatus.from(message), d.result(), d.offlineSince());
          case "result" -> new Device(id, d.presence(), d.status(), message == null ? null : RoundResult.from(message), d.offlineSince());
          default -> d;
        };
        if (d.status() != null && !d.status().device().equals(id)) throw new WireException("status of " + d.status().device() + " on " + topic);
        devices.put(id, d);
      }
    } catch (WireException | IllegalArgumentException e) {
      badMessages++;
      Logger.debug("ignored a malformed message on {}: {}", topic, e.getMessage());
    }
    version++;
    notifyAll();
  }

  /** A device seen online that goes offline now starts its grace; one never seen online has none. */
  private Device presence(Device d, Presence p) {
    boolean wasOnline = d.online(), online = p != null && p.online();
    long since = online ? Long.MIN_VALUE : wasOnline ? nanos.getAsLong() : d.offlineSince();
    return new Device(d.id(), p, d.status(), d.result(), since);
  }

  public synchronized Snapshot snapshot() {
    return new Snapshot(new ArrayList<>(devices.values()), deployment, version);
  }

  public synchronized long version() {
    return version;
  }

  synchronized boolean probeSeen(String nonce) {
    return nonce.equals(probeSeen);
  }

  public synchronized int badMessages() {
    return badMessages;
  }

  /** Wakes waiters without a message (a reconnect, a deadline). */
  public synchronized void poke() {
    version++;
    notifyAll();
  }

  /** Waits until the view changes after {@code since}, or {@code nanos} pass. */
  public synchronized void awaitChange(long since, long nanos) throws InterruptedException {
    long end = System.nanoTime() + nanos;
    while (version == since) {
      long left = end - System.nanoTime();
      if (left <= 0) return;
      wait(Math.max(1, left / 1_000_000));
    }
  }
}
