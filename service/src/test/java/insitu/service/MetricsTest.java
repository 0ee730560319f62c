package insitu.service;

import static insitu.service.ServedModel.*;
import static org.junit.jupiter.api.Assertions.*;

import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} is valid Prometheus text and counts what happened. */
class MetricsTest {
  private static final String INFER = "/v2/models/" + NAME + "/infer";

  @Test
  void metricsAreValidPrometheusTextAndCountWhatHappened() throws Exception {
    try (ServedModel s = ServedModel.of("paper-cnn", "sim")) {
      for (int i = 0; i < 3; i++) assertEquals(200, s.post(INFER, request(samples(TEST, i, 2), 2).toString()).statusCode());
      assertEquals(400, s.post(INFER, "{").statusCode());
      assertEquals(200, s.post("/v2/models/" + NAME + "/learn",
          learnRequest(samples(TRAIN, 0, 60), Arrays.copyOf(TRAIN.y(), 60)).toString()).statusCode());
      assertEquals(404, s.get("/nowhere").statusCode());

      HttpResponse<String> r = s.get("/metrics");
      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
      PrometheusParser p = PrometheusParser.parse(r.body());
      assertEquals(3, p.value("insitu_requests_total{code=200, endpoint=infer}"));
      assertEquals(1, p.value("insitu_requests_total{code=400, endpoint=infer}"));
      assertEquals(1, p.value("insitu_requests_total{code=200, endpoint=learn}"));
      assertEquals(1, p.value("insitu_requests_total{code=404, endpoint=unknown}"));
      assertEquals(4, p.value("insitu_request_duration_seconds_count{endpoint=infer}"));
      assertEquals("histogram", p.types.get("insitu_request_duration_seconds"));
      assertEquals(3, p.value("insitu_batch_samples_count{}"), "three passes of two samples");
      assertEquals(6, p.value("insitu_batch_samples_sum{}"));
      assertEquals(3, p.value("insitu_batch_samples_bucket{le=2}"));
      assertEquals(6, p.value("insitu_inferred_samples_total{}"));
      assertEquals(60, p.value("insitu_learned_samples_total{}"));
      assertEquals(s.model.counters().pulses(), p.value("insitu_board_pulses_total{}"));
      assertEquals(s.model.counters().cellReads(), p.value("insitu_board_reads_total{}"));
      assertEquals(0, p.value("insitu_recalibrations_total{}"));
      assertEquals(0, p.value("insitu_queue_depth{}"));
      assertEquals(16, p.value("insitu_queue_capacity{}"));
      assertEquals(1, p.value("insitu_ready{}"));
    }
  }

  @Test
  void theParserRefusesWhatTheFormatForbids() {
    assertThrows(AssertionError.class, () -> PrometheusParser.parse("a_total 1\n"), "sample before TYPE");
    assertThrows(AssertionError.class, () -> PrometheusParser.parse("# TYPE a counter\na{x=\"1} 1\n"), "bad label");
    assertThrows(AssertionError.class, () -> PrometheusParser.parse("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"));
    assertThrows(AssertionError.class, () -> PrometheusParser.parse("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n"), "no +Inf");
    assertThrows(AssertionError.class, () -> PrometheusParser.parse("# TYPE a gauge\na 1,5\n"), "bad value");
  }
}
