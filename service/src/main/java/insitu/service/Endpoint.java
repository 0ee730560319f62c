package insitu.service;

import java.util.Locale;

/** The service's endpoints, the HTTP method each takes, and the label metrics count them under. */
public enum Endpoint {
  SERVER_METADATA,
  HEALTH_LIVE,
  HEALTH_READY,
  MODEL_METADATA,
  MODEL_READY,
  INFER,
  LEARN,
  METRICS,
  /** Any other path (answered 404). */
  UNKNOWN;

  /** POST for the endpoints that take a request body (inference and learning), GET for the rest. */
  public String method() {
    return this == INFER || this == LEARN ? "POST" : "GET";
  }

  /** The constant's name in lower case, e.g. {@code health_live}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
