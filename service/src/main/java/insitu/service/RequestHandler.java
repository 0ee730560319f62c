package insitu.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import insitu.errors.BadInputException;
import insitu.errors.InsituException;
import insitu.service.metrics.PrometheusText;
import insitu.service.metrics.ServiceMetrics;
import insitu.service.protocol.InferenceRequest;
import insitu.service.protocol.LimitedInputStream;
import insitu.service.protocol.ProtocolException;
import insitu.service.protocol.RequestReader;
import insitu.service.protocol.ResponseWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every HTTP request of the service: routes it, answers it (errors as {@code {"error": "..."}}
 * with a 4xx or 5xx status, never a stack trace), counts and logs it. Nothing a client sends can
 * stop the service: each exchange ends here, whatever happened.
 */
final class RequestHandler implements HttpHandler {
  static final String JSON = "application/json";
  static final String SERVER_NAME = "insitu", SERVER_VERSION = "0.1.0";
  static final List<String> EXTENSIONS = List.of("learn", "metrics");

  /** An answer: status, content type and body (empty: no body), extra headers. */
  record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    static Reply json(int status, byte[] body) {
      return new Reply(status, JSON, body, Map.of());
    }

    static Reply empty(int status) {
      return new Reply(status, null, new byte[0], Map.of());
    }

    static Reply error(int status, String message) {
      Map<String, String> h = status == 503 ? Map.of("Retry-After", "1") : Map.of();
      return new Reply(status, JSON, ResponseWriter.error(message), h);
    }
  }

  private final ModelEndpoints model;
  private final ModelWorker worker;
  private final ServiceMetrics metrics;
  private final EventLog log;
  private final InstantSource clock;
  private final ServiceConfig.Limits limits;
  private final RequestReader reader;
  private final byte[] serverMetadata;

  RequestHandler(ModelEndpoints model, ModelWorker worker, ServiceMetrics metrics, EventLog log, InstantSource clock,
                 ServiceConfig.Limits limits) {
    this.model = model;
    this.worker = worker;
    this.metrics = metrics;
    this.log = log;
    this.clock = clock;
    this.limits = limits;
    this.reader = new RequestReader(limits.maxValues());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", SERVER_NAME);
    m.put("version", SERVER_VERSION);
    m.put("extensions", EXTENSIONS);
    this.serverMetadata = ResponseWriter.object(m);
  }

  @Override public void handle(HttpExchange ex) {
    Instant start = clock.instant();
    String method = ex.getRequestMethod(), path = ex.getRequestURI().getRawPath();
    Route route = Route.of(path);
    Reply reply;
    try {
      reply = dispatch(route, method, ex);
    } catch (ProtocolException e) {
      reply = Reply.error(e.status(), e.getMessage());
    } catch (BadInputException e) {
      reply = Reply.error(400, e.getMessage());
    } catch (InsituException e) {
      reply = Reply.error(e.exitCode() == 4 ? 503 : 400, e.getMessage());
    } catch (RuntimeException | OutOfMemoryError e) {
      log.event(EventLog.Level.ERROR, "internal error on " + method + " " + path + ": " + e, Map.of());
      reply = Reply.error(500, "internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
    if (reply.status() == 413) discardBody(ex);
    // Counted before it is sent: a client holding its answer finds it in the metrics.
    double seconds = Duration.between(start, clock.instant()).toNanos() / 1e9;
    metrics.request(route.endpoint().label(), reply.status(), seconds);
    log.request(method, path, reply.status(), seconds);
    send(ex, method, reply);
  }

  private Reply dispatch(Route route, String method, HttpExchange ex) {
    Endpoint e = route.endpoint();
    if (e == Endpoint.UNKNOWN) throw new ProtocolException(404, "no endpoint at " + ex.getRequestURI().getRawPath());
    if (!method.equals(e.method()))
      return new Reply(405, JSON, ResponseWriter.error(method + " is not allowed here; use " + e.method()), Map.of("Allow", e.method()));
    if (route.model() != null) model.check(route);
    return switch (e) {
      case SERVER_METADATA -> Reply.json(200, serverMetadata);
      case HEALTH_LIVE -> Reply.empty(200);
      case HEALTH_READY, MODEL_READY -> Reply.empty(worker.ready() ? 200 : 400);
      case MODEL_METADATA -> Reply.json(200, model.metadata());
      case INFER -> Reply.json(200, model.infer(read(ex)));
      case LEARN -> Reply.json(200, model.learn(read(ex)));
      case METRICS -> new Reply(200, PrometheusText.CONTENT_TYPE, metrics().getBytes(StandardCharsets.UTF_8), Map.of());
      case UNKNOWN -> throw new IllegalStateException("routed above");
    };
  }

  private String metrics() {
    ModelWorker.Snapshot s = worker.snapshot();
    return metrics.render(new ServiceMetrics.Live(worker.queueDepth(), worker.queueCapacity(), worker.ready(), s.board(),
        s.recalibrations(), s.learnedSamples()));
  }

  /** The request body, refused by its declared length before any of it is read, and cut off at the limit as it streams. */
  private InferenceRequest read(HttpExchange ex) {
    String declared = ex.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > limits.maxBodyBytes())
          throw new ProtocolException(413, "the request body is larger than " + limits.maxBodyBytes() + " bytes (the service's limit)");
      } catch (NumberFormatException e) {
        throw ProtocolException.badRequest("bad Content-Length '" + declared + "'");
      }
    }
    if (ex.getRequestHeaders().containsKey("Inference-Header-Content-Length"))
      throw ProtocolException.badRequest("binary tensor data (Inference-Header-Content-Length) is not supported; send JSON");
    // Not closed here: what a refused request leaves unread is discarded before the answer.
    return reader.read(new LimitedInputStream(ex.getRequestBody(), limits.maxBodyBytes()));
  }

  /** Most of a refused body read and dropped, so the client can finish sending and read the 413. */
  private static final long DISCARD_BYTES = 4L << 20;

  /**
   * Reads what is left of a refused body (up to {@link #DISCARD_BYTES}): a client that writes its
   * whole request before reading the answer (Java's HttpClient) would otherwise meet a closed
   * connection instead of the 413. Past that the connection is closed, as it has to be.
   */
  private static void discardBody(HttpExchange ex) {
    try {
      InputStream in = ex.getRequestBody();
      byte[] buf = new byte[16384];
      long left = DISCARD_BYTES;
      for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; ) left -= n;
    } catch (IOException e) {
      // The client went away; the answer will not reach it either.
    }
  }

  private static void send(HttpExchange ex, String method, Reply r) {
    try (ex) {
      if (r.contentType() != null) ex.getResponseHeaders().set("Content-Type", r.contentType());
      r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      boolean noBody = r.body().length == 0 || method.equals("HEAD");
      ex.sendResponseHeaders(r.status(), noBody ? -1 : r.body().length);
      if (!noBody) {
        OutputStream out = ex.getResponseBody();
        out.write(r.body());
      }
    } catch (IOException e) {
      // The client went away before the answer was written; nothing else to do.
    }
  }
}
