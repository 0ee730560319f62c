package insitu.service;

import java.util.Arrays;
import java.util.List;

/**
 * Where a request path leads: the endpoint, and for model endpoints the model name and the
 * version asked for (null when the path names none). Paths are those of the Open Inference
 * Protocol v2 ({@code /v2/models/NAME[/versions/V]/infer}, ...), plus {@code /metrics}.
 */
public record Route(Endpoint endpoint, String model, String version) {
  private static final List<String> MODEL_ACTIONS = List.of("ready", "infer", "learn");

  public static Route of(String rawPath) {
    String p = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
    if (p.equals("/metrics")) return new Route(Endpoint.METRICS, null, null);
    if (p.equals("/v2")) return new Route(Endpoint.SERVER_METADATA, null, null);
    if (p.equals("/v2/health/live")) return new Route(Endpoint.HEALTH_LIVE, null, null);
    if (p.equals("/v2/health/ready")) return new Route(Endpoint.HEALTH_READY, null, null);
    if (!p.startsWith("/v2/models/")) return unknown();
    List<String> s = Arrays.asList(p.substring("/v2/models/".length()).split("/", -1));
    if (s.isEmpty() || s.get(0).isEmpty()) return unknown();
    String model = s.get(0), version = null;
    int at = 1;
    if (s.size() >= 3 && s.get(1).equals("versions") && !s.get(2).isEmpty()) {
      version = s.get(2);
      at = 3;
    }
    if (s.size() == at) return new Route(Endpoint.MODEL_METADATA, model, version);
    if (s.size() == at + 1 && MODEL_ACTIONS.contains(s.get(at))) {
      Endpoint e = switch (s.get(at)) {
        case "ready" -> Endpoint.MODEL_READY;
        case "infer" -> Endpoint.INFER;
        default -> Endpoint.LEARN;
      };
      return new Route(e, model, version);
    }
    return unknown();
  }

  private static Route unknown() {
    return new Route(Endpoint.UNKNOWN, null, null);
  }
}
