package insitu.service;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class RouteTest {
  @Test
  void routesTheProtocolsPaths() {
    assertEquals(new Route(Endpoint.SERVER_METADATA, null, null), Route.of("/v2"));
    assertEquals(new Route(Endpoint.SERVER_METADATA, null, null), Route.of("/v2/"));
    assertEquals(Endpoint.HEALTH_LIVE, Route.of("/v2/health/live").endpoint());
    assertEquals(Endpoint.HEALTH_READY, Route.of("/v2/health/ready").endpoint());
    assertEquals(new Route(Endpoint.MODEL_METADATA, "m", null), Route.of("/v2/models/m"));
    assertEquals(new Route(Endpoint.MODEL_METADATA, "m", "3"), Route.of("/v2/models/m/versions/3"));
    assertEquals(new Route(Endpoint.MODEL_READY, "m", null), Route.of("/v2/models/m/ready"));
    assertEquals(new Route(Endpoint.INFER, "m", "1"), Route.of("/v2/models/m/versions/1/infer"));
    assertEquals(new Route(Endpoint.LEARN, "m.v2-a", null), Route.of("/v2/models/m.v2-a/learn"));
    assertEquals(Endpoint.METRICS, Route.of("/metrics").endpoint());
  }

  @Test
  void anythingElseIsUnknown() {
    for (String p : new String[] {"/", "", "/v1/models/m", "/v2/models", "/v2/models/", "/v2/models/m/explain", "/v2/models/m/infer/x",
        "/v2/models/m/versions", "/v2/models/m/versions//infer", "/v2/health", "/metricsx", "/v2/models//infer"})
      assertEquals(Endpoint.UNKNOWN, Route.of(p).endpoint(), p);
  }
}
