package insitu.fleet.link;

import insitu.fleet.BrokerAddress;
import insitu.fleet.BrokerException;
import insitu.fleet.BrokerLogin;
import insitu.fleet.wire.Envelope;
import insitu.fleet.wire.PartAssembler;
import insitu.fleet.wire.Parts;
import insitu.fleet.wire.Topics;
import insitu.fleet.wire.WireException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.tinylog.Logger;

/**
 * A {@link BrokerLink} over Eclipse Paho's MQTT v5 client: QoS 1, client state in memory.
 *
 * <p>The link reconnects by itself, each time with a fresh Paho client. Paho's own automatic
 * reconnect keeps the old connection's in-flight packets and replays them, and after a broker
 * restart that forgot the session Mosquitto can answer the replay with a protocol error, again on
 * every retry; its retry cycle also ends for good when a retry finds the client still closing.
 * Nothing is lost by starting fresh: the broker keeps the session (clean start off), and the
 * fleet's protocol republishes its state after every connect.
 */
public final class PahoLink implements BrokerLink {
  /** Room for the topic, the part header and MQTT's own fields within the broker's packet limit. */
  private static final int PACKET_OVERHEAD = 4096;
  private final BrokerAddress address;
  private final BrokerLogin login;
  private final LinkSettings settings;
  private final ClientThreads threads;
  private final List<String> filters = new CopyOnWriteArrayList<>();
  private final List<Runnable> hooks = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> highestPart = new ConcurrentHashMap<>();
  private final PartAssembler assembler;
  private final AtomicLong sentMessages = new AtomicLong(), sentBytes = new AtomicLong(), gotMessages = new AtomicLong(),
      gotBytes = new AtomicLong(), badMessages = new AtomicLong();
  private volatile Handler handler = (t, m) -> {};
  private volatile MqttAsyncClient client;
  private volatile long brokerMaxPacket;
  private volatile boolean closed;
  private final java.util.concurrent.atomic.AtomicBoolean reconnectPending = new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicInteger reconnectDelaySeconds = new java.util.concurrent.atomic.AtomicInteger(1);

  public PahoLink(BrokerAddress address, BrokerLogin login, LinkSettings settings, ClientThreads threads) {
    this.address = address;
    this.login = login;
    this.settings = settings;
    this.threads = threads;
    this.assembler = new PartAssembler(settings.maxMessageBytes());
    this.client = newClient();
  }

  private MqttAsyncClient newClient() {
    try {
      MqttAsyncClient c = new MqttAsyncClient(address.clientUri(), settings.clientId(), new MemoryPersistence(), null, threads.executor());
      c.setCallback(new Callback(c));
      return c;
    } catch (MqttException e) {
      throw new BrokerException("cannot create an MQTT client for " + address + ": " + e.getMessage(), e);
    }
  }

  @Override public void onMessage(Handler h) {
    handler = h;
  }

  @Override public void onConnected(Runnable hook) {
    hooks.add(hook);
  }

  @Override public void subscribe(String filter, boolean parts) {
    List<String> add = parts ? List.of(filter, filter + "/part/+") : List.of(filter);
    filters.addAll(add);
    if (client.isConnected()) subscribeAndCheck(client, add);
  }

  @Override public void connect() {
    MqttAsyncClient c = client;
    open(c);
    for (Runnable h : hooks) h.run();
  }

  /** Connects {@code c}, subscribes and publishes the birth message, waiting for each answer. */
  private void open(MqttAsyncClient c) {
    try {
      IMqttToken t = c.connect(options());
      t.waitForCompletion(settings.operationTimeout().toMillis());
      MqttProperties p = t.getResponseProperties();
      Long max = p == null ? null : p.getMaximumPacketSize();
      brokerMaxPacket = max == null ? 0 : max;
    } catch (MqttException e) {
      throw connectError(e);
    }
    subscribeAndCheck(c, filters);
    if (settings.birth() != null) send(c, settings.birth().topic(), settings.birth().payload(), true);
  }

  private MqttConnectionOptions options() {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(settings.cleanStart());
    o.setSessionExpiryInterval(settings.sessionExpirySeconds());
    o.setKeepAliveInterval(settings.keepAliveSeconds());
    o.setAutomaticReconnect(false);
    o.setConnectionTimeout((int) Math.max(1, settings.operationTimeout().toSeconds()));
    o.setUseSubscriptionIdentifiers(false);
    // The broker must not send this client a packet bigger than a part: nobody makes it allocate more.
    o.setMaximumPacketSize((long) settings.maxPartBytes() + PACKET_OVERHEAD + 64 * 1024);
    if (login != null) {
      o.setUserName(login.username());
      if (login.password() != null) o.setPassword(login.password());
    }
    if (settings.will() != null) o.setWill(settings.will().topic(), new MqttMessage(settings.will().payload(), 1, true, new MqttProperties()));
    if (address.tls() && settings.caFile() != null) o.setSocketFactory(TlsTrust.trusting(settings.caFile()));
    return o;
  }

  /** After a lost connection: a fresh client, connected on a pool thread, retried with backoff up to the maximum delay. */
  private void scheduleReconnect() {
    if (closed || !reconnectPending.compareAndSet(false, true)) return;
    int delay = reconnectDelaySeconds.getAndUpdate(d -> Math.min(settings.maxReconnectDelaySeconds(), 2 * d));
    threads.executor().schedule(() -> threads.executor().execute(this::reconnect), delay, TimeUnit.SECONDS);
  }

  private synchronized void reconnect() {
    reconnectPending.set(false);
    if (closed || client.isConnected()) return;
    MqttAsyncClient old = client, fresh = newClient();
    client = fresh; // from here on the old client's events are ignored
    discard(old);
    try {
      open(fresh);
    } catch (RuntimeException e) {
      Logger.debug("{}: reconnecting to {} failed: {}", settings.clientId(), address, e.getMessage());
      scheduleReconnect();
      return;
    }
    reconnectDelaySeconds.set(1);
    Logger.debug("{} reconnected to {}", settings.clientId(), address);
    for (Runnable h : hooks) h.run();
  }

  private void discard(MqttAsyncClient c) {
    try {
      c.disconnectForcibly(0, 1000, false);
    } catch (MqttException e) {
      Logger.debug("{}: dropping the old client: {}", settings.clientId(), e.getMessage());
    }
    try {
      c.close(true);
    } catch (MqttException e) {
      Logger.debug("{}: closing the old client: {}", settings.clientId(), e.getMessage());
    }
  }

  @Override public boolean isConnected() {
    return client.isConnected();
  }

  /** The largest body sent in one piece: the configured part size, or less when the broker limits packets. */
  public int partBytes() {
    long max = brokerMaxPacket;
    return max <= 0 ? settings.maxPartBytes() : (int) Math.max(512, Math.min(settings.maxPartBytes(), max - PACKET_OVERHEAD));
  }

  @Override public boolean publish(String topic, Envelope message, boolean retained) {
    MqttAsyncClient c = client;
    List<Parts.Outgoing> parts = Parts.split(topic, message, partBytes());
    // Later parts first: a receiver that sees part 0 usually has the rest already.
    for (int i = parts.size() - 1; i >= 0; i--) if (!send(c, parts.get(i).topic(), parts.get(i).payload(), retained)) return false;
    int before = highestPart.getOrDefault(topic, 0), now = parts.size() - 1;
    if (retained) {
      for (int i = now + 1; i <= before; i++) if (!send(c, Topics.part(topic, i), new byte[0], true)) return false;
      highestPart.put(topic, now);
    }
    return true;
  }

  @Override public boolean clearRetained(String topic) {
    MqttAsyncClient c = client;
    int before = highestPart.getOrDefault(topic, 0);
    for (int i = before; i >= 0; i--) if (!send(c, Topics.part(topic, i), new byte[0], true)) return false;
    highestPart.put(topic, 0);
    return true;
  }

  private boolean send(MqttAsyncClient c, String topic, byte[] payload, boolean retained) {
    long deadline = System.nanoTime() + settings.operationTimeout().toNanos();
    while (true) {
      if (!c.isConnected()) return false;
      try {
        IMqttToken t = c.publish(topic, payload, 1, retained);
        t.waitForCompletion(settings.operationTimeout().toMillis());
        int[] codes = t.getReasonCodes();
        if (codes != null) for (int code : codes)
          if (code >= 0x80)
            throw new BrokerException("the broker at " + address + " refused to take " + topic + " (reason " + ReasonCodes.describe(code)
                + "); check the ACL for user " + (login == null ? "(anonymous)" : "'" + login.username() + "'"));
        sentMessages.incrementAndGet();
        sentBytes.addAndGet(payload.length + topic.length());
        return true;
      } catch (MqttException e) {
        if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT && System.nanoTime() < deadline) {
          pause();
          continue;
        }
        Logger.debug("publish to {} failed: {}", topic, e.getMessage());
        return false;
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void subscribeAndCheck(MqttAsyncClient c, List<String> list) {
    if (list.isEmpty()) return;
    try {
      IMqttToken t = c.subscribe(list.stream().map(f -> new MqttSubscription(f, 1)).toArray(MqttSubscription[]::new));
      t.waitForCompletion(settings.operationTimeout().toMillis());
      int[] codes = t.getReasonCodes();
      for (int i = 0; codes != null && i < codes.length; i++)
        if (codes[i] >= 0x80)
          throw new BrokerException("the broker at " + address + " refused the subscription to " + list.get(Math.min(i, list.size() - 1))
              + " (reason " + ReasonCodes.describe(codes[i]) + "); check the ACL");
    } catch (MqttException e) {
      throw new BrokerException("subscribing at " + address + " failed: " + e.getMessage(), e, true);
    }
  }

  private BrokerException connectError(MqttException e) {
    int code = e.getReasonCode();
    String user = login == null ? "an anonymous client" : "user '" + login.username() + "'";
    if (code == 0x86 || code == 0x87 || code == 0x8C)
      return new BrokerException("the broker at " + address + " refused the login of " + user + " (" + ReasonCodes.describe(code) + ")");
    if (code == MqttClientException.REASON_CODE_CLIENT_TIMEOUT)
      return new BrokerException("the broker at " + address + " did not answer within " + settings.operationTimeout().toSeconds() + " s", e,
          true);
    Throwable cause = e.getCause();
    String why = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
    if (cause instanceof javax.net.ssl.SSLException) return new BrokerException("TLS with the broker at " + address + " failed: " + why, e);
    return new BrokerException("cannot connect to the broker at " + address + ": " + why, e, true);
  }

  @Override public Traffic traffic() {
    return new Traffic(sentMessages.get(), sentBytes.get(), gotMessages.get(), gotBytes.get(), badMessages.get());
  }

  @Override public void close() {
    closed = true;
    MqttAsyncClient c = client;
    try {
      if (c.isConnected()) c.disconnect(0).waitForCompletion(settings.operationTimeout().toMillis());
    } catch (MqttException e) {
      Logger.debug("disconnect from {}: {}", address, e.getMessage());
    }
    try {
      c.close(true);
    } catch (MqttException e) {
      Logger.debug("closing the client for {}: {}", address, e.getMessage());
    }
  }

  /** Events of one Paho client; a replaced client's late events are ignored. */
  private final class Callback implements MqttCallback {
    private final MqttAsyncClient owner;

    Callback(MqttAsyncClient owner) {
      this.owner = owner;
    }

    @Override public void disconnected(MqttDisconnectResponse response) {
      Logger.debug("{} lost the broker at {}: {}", settings.clientId(), address, response);
      if (owner == client) scheduleReconnect();
    }

    @Override public void mqttErrorOccurred(MqttException exception) {
      Logger.debug("{}: MQTT error {}", settings.clientId(), exception.getMessage());
    }

    @Override public void messageArrived(String topic, MqttMessage message) {
      byte[] payload = message.getPayload();
      gotMessages.incrementAndGet();
      gotBytes.addAndGet(payload.length + topic.length());
      String base = Parts.baseTopic(topic);
      if (!base.equals(topic)) highestPart.merge(base, Integer.parseInt(topic.substring(topic.lastIndexOf('/') + 1)), Math::max);
      try {
        if (payload.length == 0) {
          if (base.equals(topic)) handler.onMessage(topic, null);
          return;
        }
        Envelope whole = assembler.offer(topic, Envelope.decode(payload));
        if (whole != null) handler.onMessage(base, whole);
      } catch (WireException e) {
        badMessages.incrementAndGet();
        Logger.debug("dropped a malformed message on {}: {}", topic, e.getMessage());
      } catch (RuntimeException e) {
        badMessages.incrementAndGet();
        Logger.warn("handling a message on {} failed: {}", topic, e.toString());
      }
    }

    @Override public void deliveryComplete(IMqttToken token) {}

    @Override public void connectComplete(boolean reconnect, String serverURI) {}

    @Override public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
