package insitu.fleet;

import insitu.errors.UsageException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the broker listens: {@code mqtt://HOST[:PORT]} (plain TCP, default port 1883) or
 * {@code mqtts://HOST[:PORT]} (TLS, default 8883).
 */
public record BrokerAddress(boolean tls, String host, int port) {
  public BrokerAddress {
    if (host == null || host.isBlank()) throw new UsageException("broker address has no host");
    if (port < 1 || port > 65535) throw new UsageException("broker port " + port + " is outside 1..65535");
  }

  public static BrokerAddress parse(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new UsageException("broker '" + text + "' is not a URL like mqtt://HOST:1883 or mqtts://HOST:8883");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    boolean tls = switch (scheme) {
      case "mqtt", "tcp" -> false;
      case "mqtts", "ssl" -> true;
      default -> throw new UsageException("broker '" + text + "': scheme must be mqtt:// or mqtts://");
    };
    if (uri.getHost() == null) throw new UsageException("broker '" + text + "' has no host (mqtt://HOST:PORT)");
    if (uri.getUserInfo() != null) throw new UsageException("broker '" + text + "': no credentials in the URL; use --username and --password-file");
    if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
      throw new UsageException("broker '" + text + "': a broker URL has no path");
    return new BrokerAddress(tls, uri.getHost(), uri.getPort() < 0 ? (tls ? 8883 : 1883) : uri.getPort());
  }

  /** The form the Paho client takes. */
  public String clientUri() {
    return (tls ? "ssl://" : "tcp://") + host + ":" + port;
  }

  @Override public String toString() {
    return (tls ? "mqtts://" : "mqtt://") + host + ":" + port;
  }
}
