package insitu.fleet.link;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of many MQTT clients in one process. Paho runs a receiver, a sender and a callback
 * loop per connection; here they come from one pool of small-stack daemon threads, and every
 * client's keep-alive checks share one scheduler thread instead of a timer thread each, so 500
 * simulated devices cost three threads each and no more. Closing it stops all of them.
 */
public final class ClientThreads implements AutoCloseable {
  /** Paho's loops are shallow; the default 1 MB of stack per thread would be reserved 1,500 times. */
  private static final long STACK_BYTES = 256 * 1024;
  private final ThreadPoolExecutor loops;
  private final ScheduledThreadPoolExecutor timer;
  private final Executor executor = new Executor();

  public ClientThreads(String name) {
    loops = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), factory(name + "-mqtt"));
    timer = new ScheduledThreadPoolExecutor(1, factory(name + "-keepalive"));
    timer.setRemoveOnCancelPolicy(true);
  }

  /** What Paho takes: long-running loops go to the pool, delayed keep-alive checks to the shared timer. */
  public ScheduledExecutorService executor() {
    return executor;
  }

  /** Threads busy now (the clients' loops plus the timer), for the benchmarks; idle pooled threads end after 30 s. */
  public int threads() {
    return loops.getActiveCount() + timer.getPoolSize();
  }

  @Override public void close() {
    timer.shutdownNow();
    loops.shutdownNow();
  }

  private static ThreadFactory factory(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(null, r, name + "-" + n.incrementAndGet(), STACK_BYTES);
      t.setDaemon(true);
      return t;
    };
  }

  /** The view handed to Paho; its lifecycle belongs to {@link ClientThreads}, so shutdown here does nothing. */
  private final class Executor extends java.util.concurrent.AbstractExecutorService implements ScheduledExecutorService {
    @Override public void execute(Runnable command) {
      loops.execute(command);
    }

    @Override public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      return timer.schedule(command, delay, unit);
    }

    @Override public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      return timer.schedule(callable, delay, unit);
    }

    @Override public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
      return timer.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
      return timer.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override public void shutdown() {}

    @Override public List<Runnable> shutdownNow() {
      return List.of();
    }

    @Override public boolean isShutdown() {
      return loops.isShutdown();
    }

    @Override public boolean isTerminated() {
      return loops.isTerminated();
    }

    @Override public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return loops.awaitTermination(timeout, unit);
    }
  }
}
