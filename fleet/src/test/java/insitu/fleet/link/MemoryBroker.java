package insitu.fleet.link;

import insitu.fleet.wire.Envelope;
import insitu.fleet.wire.PartAssembler;
import insitu.fleet.wire.Parts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A broker in memory for protocol tests: retained messages, wildcard subscriptions, last wills,
 * and links that split and reassemble bodies as {@link PahoLink} does. Delivery is synchronous on
 * the publishing thread, so a test runs the same way every time. Tests can drop connections
 * (firing wills), restart the broker (forgetting retained messages), and inject raw payloads.
 */
public final class MemoryBroker {
  private final Map<String, byte[]> retained = new LinkedHashMap<>();
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final int partBytes;

  /** @param partBytes bodies larger than this travel in parts */
  public MemoryBroker(int partBytes) {
    this.partBytes = partBytes;
  }

  public Link link(String clientId, LinkSettings.Message will, LinkSettings.Message birth) {
    Link l = new Link(clientId, will, birth);
    links.add(l);
    return l;
  }

  /** Publishes a raw payload as if a client had (e.g. a duplicate delivery or a forged message). */
  public void inject(String topic, byte[] payload, boolean retain) {
    route(topic, payload, retain);
  }

  /** Forgets every retained message and drops every connection (no wills: the broker itself went away), then lets them reconnect. */
  public void restart() {
    synchronized (this) {
      retained.clear();
    }
    for (Link l : links) l.connected = false;
    for (Link l : links) if (!l.closed) l.reconnect();
  }

  public synchronized byte[] retained(String topic) {
    return retained.get(topic);
  }

  private void route(String topic, byte[] payload, boolean retain) {
    synchronized (this) {
      if (retain) {
        if (payload.length == 0) retained.remove(topic);
        else retained.put(topic, payload);
      }
    }
    for (Link l : links) if (l.connected && l.matches(topic)) l.deliver(topic, payload);
  }

  static boolean matches(String filter, String topic) {
    String[] f = filter.split("/", -1), t = topic.split("/", -1);
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) return true;
      if (i >= t.length) return false;
      if (!f[i].equals("+") && !f[i].equals(t[i])) return false;
    }
    return f.length == t.length;
  }

  /** One client. */
  public final class Link implements BrokerLink {
    private final String clientId;
    private final LinkSettings.Message will, birth;
    private final List<String> filters = new CopyOnWriteArrayList<>();
    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();
    private final PartAssembler assembler = new PartAssembler(1 << 26);
    private volatile Handler handler = (t, m) -> {};
    private volatile boolean connected, closed;
    private long sent, got;

    Link(String clientId, LinkSettings.Message will, LinkSettings.Message birth) {
      this.clientId = clientId;
      this.will = will;
      this.birth = birth;
    }

    public String clientId() {
      return clientId;
    }

    @Override public void onMessage(Handler h) {
      handler = h;
    }

    @Override public void onConnected(Runnable hook) {
      hooks.add(hook);
    }

    @Override public void subscribe(String filter, boolean parts) {
      filters.add(filter);
      if (parts) filters.add(filter + "/part/+");
      if (connected) sendRetained(parts ? List.of(filter, filter + "/part/+") : List.of(filter));
    }

    @Override public void connect() {
      connected = true;
      sendRetained(filters);
      if (birth != null) route(birth.topic(), birth.payload(), true);
      for (Runnable h : hooks) h.run();
    }

    void reconnect() {
      connect();
    }

    private void sendRetained(List<String> list) {
      List<Map.Entry<String, byte[]>> copy;
      synchronized (MemoryBroker.this) {
        copy = new ArrayList<>(retained.entrySet());
      }
      for (var e : copy) for (String f : list) if (MemoryBroker.matches(f, e.getKey())) {
        deliver(e.getKey(), e.getValue());
        break;
      }
    }

    boolean matches(String topic) {
      for (String f : filters) if (MemoryBroker.matches(f, topic)) return true;
      return false;
    }

    void deliver(String topic, byte[] payload) {
      got++;
      String base = Parts.baseTopic(topic);
      if (payload.length == 0) {
        if (base.equals(topic)) handler.onMessage(topic, null);
        return;
      }
      try {
        Envelope whole = assembler.offer(topic, Envelope.decode(payload));
        if (whole != null) handler.onMessage(base, whole);
      } catch (RuntimeException e) {
        // A malformed payload: dropped, as PahoLink does.
      }
    }

    @Override public boolean isConnected() {
      return connected;
    }

    @Override public boolean publish(String topic, Envelope message, boolean retain) {
      if (!connected) return false;
      List<Parts.Outgoing> parts = Parts.split(topic, message, partBytes);
      for (int i = parts.size() - 1; i >= 0; i--) route(parts.get(i).topic(), parts.get(i).payload(), retain);
      sent += parts.size();
      return true;
    }

    @Override public boolean clearRetained(String topic) {
      if (!connected) return false;
      route(topic, new byte[0], true);
      return true;
    }

    /** The connection dies: the broker publishes the will. */
    public void kill() {
      connected = false;
      if (will != null) route(will.topic(), will.payload(), true);
    }

    @Override public Traffic traffic() {
      return new Traffic(sent, 0, got, 0, 0);
    }

    @Override public void close() {
      connected = false;
      closed = true;
      links.remove(this);
    }
  }
}
