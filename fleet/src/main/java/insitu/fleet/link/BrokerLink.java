package insitu.fleet.link;

import insitu.fleet.wire.Envelope;

/**
 * One client connection to the broker, as the agent and the controller need it: QoS 1 everywhere,
 * subscriptions that survive reconnects, bodies split into parts and put back together
 * transparently. Implementations: {@link PahoLink} (a real broker) and, in tests, an in-memory one.
 */
public interface BrokerLink extends AutoCloseable {

  /** Receives whole messages; {@code message} is null when a retained message was cleared. */
  interface Handler {
    void onMessage(String topic, Envelope message);
  }

  /** Bytes and messages through this client (payload and topic), for the benchmarks. */
  record Traffic(long messagesSent, long bytesSent, long messagesReceived, long bytesReceived, long badMessages) {}

  /** Called on a client thread for every message; it must return quickly (hand work to another thread). */
  void onMessage(Handler handler);

  /**
   * Called after every successful connect and reconnect, once subscriptions are renewed. On a
   * reconnect it runs on a client thread and must not block; publish from another thread.
   */
  void onConnected(Runnable hook);

  /** Subscribes now if connected, and again after every reconnect; {@code parts}: also the parts of split messages. */
  void subscribe(String filter, boolean parts);

  /** Connects, subscribes and publishes the birth message; a {@link insitu.fleet.BrokerException} when that fails. */
  void connect();

  boolean isConnected();

  /**
   * Publishes with QoS 1 and waits for the broker's acknowledgement of every part. Returns false
   * when not connected or the connection drops meanwhile (publish again after the next connect);
   * throws {@link insitu.fleet.BrokerException} when the broker refuses it (ACL).
   */
  boolean publish(String topic, Envelope message, boolean retained);

  /** Removes the retained message of a topic (and of its parts). */
  boolean clearRetained(String topic);

  Traffic traffic();

  /** Disconnects cleanly (no last will); the link cannot be used again. */
  @Override void close();
}
