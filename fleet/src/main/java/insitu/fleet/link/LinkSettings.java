package insitu.fleet.link;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How one client talks to the broker.
 *
 * @param cleanStart false for devices: the broker keeps their subscriptions and queued messages
 *     for {@code sessionExpirySeconds} while they are away
 * @param maxReconnectDelaySeconds automatic reconnects back off from 1 s up to this
 * @param operationTimeout how long a connect, subscribe or publish may take before it counts as failed
 * @param will published (retained) by the broker when the connection dies; birth is published
 *     (retained) by the client after every connect; either may be null
 * @param maxPartBytes bodies larger than this (or than the broker's packet limit) travel in parts
 * @param maxMessageBytes largest reassembled message accepted
 * @param caFile PEM certificate(s) of the authority that signed the broker's TLS certificate, or
 *     null for the JVM's trust store (mqtts:// only)
 */
public record LinkSettings(String clientId, boolean cleanStart, long sessionExpirySeconds, int keepAliveSeconds,
                           int maxReconnectDelaySeconds, Duration operationTimeout, Message will, Message birth, int maxPartBytes,
                           long maxMessageBytes, Path caFile) {
  /** A retained message fixed at connect time. */
  public record Message(String topic, byte[] payload) {}

  public static final int DEFAULT_PART_BYTES = 256 * 1024;
  public static final long DEFAULT_MAX_MESSAGE_BYTES = 64L * 1024 * 1024;

  /** A device: persistent session (a day), last will and birth on its presence topic. */
  public static LinkSettings device(String clientId, Message will, Message birth) {
    return new LinkSettings(clientId, false, 86_400, 30, 5, Duration.ofSeconds(30), will, birth, DEFAULT_PART_BYTES,
        DEFAULT_MAX_MESSAGE_BYTES, null);
  }

  /** A controller command: a fresh session that ends with it. */
  public static LinkSettings controller(String clientId) {
    return new LinkSettings(clientId, true, 0, 30, 2, Duration.ofSeconds(30), null, null, DEFAULT_PART_BYTES, DEFAULT_MAX_MESSAGE_BYTES,
        null);
  }

  public LinkSettings withCaFile(Path file) {
    return new LinkSettings(clientId, cleanStart, sessionExpirySeconds, keepAliveSeconds, maxReconnectDelaySeconds, operationTimeout, will,
        birth, maxPartBytes, maxMessageBytes, file);
  }

  public LinkSettings withMaxPartBytes(int bytes) {
    return new LinkSettings(clientId, cleanStart, sessionExpirySeconds, keepAliveSeconds, maxReconnectDelaySeconds, operationTimeout, will,
        birth, bytes, maxMessageBytes, caFile);
  }
}
