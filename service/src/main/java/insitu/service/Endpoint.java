package insitu.service;

/** The service's endpoints, the HTTP method each takes, and the label metrics count them under. */
public enum Endpoint {
  SERVER_METADATA("GET", "server_metadata"),
  HEALTH_LIVE("GET", "health_live"),
  HEALTH_READY("GET", "health_ready"),
  MODEL_METADATA("GET", "model_metadata"),
  MODEL_READY("GET", "model_ready"),
  INFER("POST", "infer"),
  LEARN("POST", "learn"),
  METRICS("GET", "metrics"),
  /** Any other path (answered 404). */
  UNKNOWN("GET", "unknown");

  private final String method;
  private final String label;

  Endpoint(String method, String label) {
    this.method = method;
    this.label = label;
  }

  public String method() {
    return method;
  }

  public String label() {
    return label;
  }
}
