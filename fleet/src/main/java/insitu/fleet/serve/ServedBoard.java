package insitu.fleet.serve;

import insitu.boards.BoardCounters;
import insitu.fleet.agent.BoardHost;
import insitu.fleet.wire.ServiceReport;
import insitu.sdk.DeployedModel;
import insitu.service.InferenceServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A device's board inside the edge service: every piece of the device's board work runs on the
 * service's board thread between two requests ({@link InferenceServer#withModel}), every model it
 * programs replaces the served one there ({@link InferenceServer#replaceModel}), so requests,
 * {@code /learn}, rollouts and rounds never use the board at the same time.
 */
final class ServedBoard implements BoardHost {
  private final InferenceServer server;
  private final DeployedModel atStart;

  /** @param atStart the model the service was started with (a resumed state), or null */
  ServedBoard(InferenceServer server, DeployedModel atStart) {
    this.server = server;
    this.atStart = atStart;
  }

  @Override public <T> T run(Supplier<T> work) {
    return await(server.withModel(served -> work.get()));
  }

  @Override public void install(Supplier<DeployedModel> next) {
    // The device closes the model it replaces, which is the one served, unless the device never took
    // that one over (a resumed state it failed to adopt): closing twice does no harm.
    DeployedModel replaced = await(server.replaceModel(served -> next.get()));
    if (replaced != null) replaced.close();
  }

  @Override public BoardCounters counters() {
    return server.status().counters();
  }

  @Override public DeployedModel modelAtStart() {
    return atStart;
  }

  @Override public ServiceReport service() {
    InferenceServer.Status s = server.status();
    return new ServiceReport(s.name(), s.ready(), s.requests(), s.inferredSamples(), s.learnedSamples(), s.recalibrations(), s.queueDepth());
  }

  /** The work's own exception, as if it had run on the calling thread. */
  private static <T> T await(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error r) throw r;
      throw e;
    }
  }
}
