package insitu.service.protocol;

/**
 * A request the service refuses: the HTTP status and the one-line message it answers with, as
 * {@code {"error": "..."}} (the protocol's error object).
 */
public final class ProtocolException extends RuntimeException {
  private final int status;

  public ProtocolException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static ProtocolException badRequest(String message) {
    return new ProtocolException(400, message);
  }
}
