package insitu.service;

import static insitu.service.ServedModel.*;
import static org.junit.jupiter.api.Assertions.*;

import insitu.sdk.Insitu;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounded queue, and the periodic checkpoint and recalibration on a clock the test moves. */
class QueueAndScheduleTest {
  private static final String INFER = "/v2/models/" + NAME + "/infer";
  @TempDir Path tmp;

  @Test
  void aFullQueueAnswers503AndTheWaitingRequestsStillComplete() throws Exception {
    ServiceConfig.Limits limits = new ServiceConfig.Limits(64, 2, 1 << 20, 1 << 16);
    try (ServedModel s = new ServedModel("paper-cnn", "sim", limits, java.time.InstantSource.system(), null, null, null)) {
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Object> blocker = s.server.worker().call(() -> {
        try {
          return release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      String body = request(samples(TEST, 0, 1), 1).toString();
      HttpRequest q = HttpRequest.newBuilder(s.uri(INFER)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
      List<CompletableFuture<HttpResponse<String>>> waiting = List.of(s.client.sendAsync(q, HttpResponse.BodyHandlers.ofString()),
          s.client.sendAsync(q, HttpResponse.BodyHandlers.ofString()));
      while (s.server.worker().queueDepth() < 2) Thread.sleep(5); // waits for both to be queued; no timing is asserted
      HttpResponse<String> refused = s.post(INFER, body);
      assertEquals(503, refused.statusCode(), refused.body());
      assertTrue(refused.body().contains("busy"), refused.body());
      assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
      release.countDown();
      assertEquals(Boolean.TRUE, blocker.get());
      for (var w : waiting) assertEquals(200, w.get().statusCode());
      assertEquals(200, s.post(INFER, body).statusCode());
    }
  }

  @Test
  void checkpointsAndRecalibrationsRunWhenTheirClockSaysSo() throws Exception {
    ManualClock clock = new ManualClock();
    Path state = tmp.resolve("state");
    try (ServedModel s = new ServedModel("paper-cnn", "sim", ServiceConfig.Limits.defaults(), clock, state, Duration.ofSeconds(60),
        Duration.ofHours(1))) {
      ModelWorker w = s.server.worker();
      w.call(() -> null).get();
      assertFalse(Files.exists(state), "nothing is due before the clock moves");
      assertEquals(200, s.post("/v2/models/" + NAME + "/learn", learnRequest(samples(TRAIN, 0, 20), Arrays.copyOf(TRAIN.y(), 20)).toString()).statusCode());
      clock.advance(Duration.ofSeconds(59));
      w.call(() -> null).get();
      assertFalse(Files.exists(state));
      clock.advance(Duration.ofSeconds(1));
      w.call(() -> null).get();
      assertEquals(1, ckpts(state), "saved once its interval had passed");
      clock.advance(Duration.ofSeconds(60));
      w.call(() -> null).get();
      assertEquals(1, ckpts(state), "nothing changed since: no second save");
      assertEquals(0, s.model.recalibrations());
      clock.advance(Duration.ofHours(1));
      w.call(() -> null).get();
      assertEquals(1, s.model.recalibrations(), "recalibrated once its hour had passed");
      assertTrue(Insitu.hasSavedState(state));
    }
    assertEquals(2, ckpts(state), "the recalibration changed the model: saved at shutdown");
  }

  private static long ckpts(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) return 0;
    try (var f = Files.list(dir)) {
      return f.filter(p -> p.getFileName().toString().endsWith(".zip")).count();
    }
  }
}
