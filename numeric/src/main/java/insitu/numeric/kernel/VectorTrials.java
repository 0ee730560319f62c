package insitu.numeric.kernel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running {@link VectorTrial}s of one owner (a {@code Workers}): each kernel's trial starts on
 * a daemon thread the first time the kernel asks whether it may run, runs both versions until C2
 * has compiled the vector one and its fastest of 20 rounds beats the scalar one's fastest by 20 %
 * (then {@link #ready} turns true), or gives up after a minute. {@link #close()} stops them.
 */
public final class VectorTrials implements AutoCloseable {
  /** Rounds per comparison: each kernel's fastest round counts (a preempted round is slow, not fast). */
  private static final int ROUNDS = 20;
  private static final double MARGIN = 0.8;
  private static final long GIVE_UP_NANOS = 60_000_000_000L, FULL_SPEED_NANOS = 5_000_000_000L;

  private final boolean allowed;
  private final Map<VectorTrial, Running> running = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** Trials that start when first asked for. */
  public VectorTrials() {
    this(true);
  }

  private VectorTrials(boolean allowed) {
    this.allowed = allowed;
  }

  /** Trials that never start: every kernel keeps to its scalar twin. */
  public static VectorTrials none() {
    return new VectorTrials(false);
  }

  /** Whether the kernel's vector version has proven itself here; starts its trial on the first call. */
  public boolean ready(VectorTrial trial) {
    Running r = running.get(trial);
    if (r == null) {
      if (!allowed || closed) return false;
      r = running.computeIfAbsent(trial, t -> new Running(t).start());
      if (closed) r.stop(); // closed meanwhile: the trial must not outlive its owner
    }
    return r.ready;
  }

  /** Whether the kernel's trial has succeeded (without starting one). */
  public boolean succeeded(VectorTrial trial) {
    Running r = running.get(trial);
    return r != null && r.ready;
  }

  /** Stops every trial still running and waits for its thread. Kernels that proved themselves stay ready. */
  @Override
  public void close() {
    closed = true;
    for (Running r : running.values()) r.stop();
  }

  /** One trial on its own thread. */
  private final class Running {
    private final VectorTrial trial;
    private Thread thread;
    volatile boolean ready;

    Running(VectorTrial trial) {
      this.trial = trial;
    }

    Running start() {
      thread = new Thread(this::loop, "insitu-simd-trial-" + trial.name());
      thread.setDaemon(true);
      thread.setPriority(Thread.MIN_PRIORITY);
      thread.start();
      return this;
    }

    void stop() {
      thread.interrupt();
      if (thread == Thread.currentThread()) return;
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void loop() {
      VectorTrial.Runs runs = trial.newProblem();
      long began = System.nanoTime(), deadline = began + GIVE_UP_NANOS;
      while (!closed && System.nanoTime() < deadline) {
        long start = System.nanoTime(), bestVector = Long.MAX_VALUE, bestScalar = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS && !closed; round++) {
          long t0 = System.nanoTime();
          double[] v = runs.vector().get();
          long t1 = System.nanoTime();
          double[] s = runs.scalar().get();
          long t2 = System.nanoTime();
          if (!java.util.Arrays.equals(v, s)) return; // never: the kernels are bit-identical by design
          bestVector = Math.min(bestVector, t1 - t0);
          bestScalar = Math.min(bestScalar, t2 - t1);
        }
        if (closed) return;
        if (bestVector < MARGIN * bestScalar) {
          ready = true;
          return;
        }
        // After the first seconds (C2 has compiled a good kernel by then) at most a fifth of a
        // core: a trial that keeps failing must not slow the work it serves.
        if (System.nanoTime() - began > FULL_SPEED_NANOS)
          try {
            Thread.sleep(Math.max(1, (System.nanoTime() - start) * 4 / 1_000_000));
          } catch (InterruptedException e) {
            return;
          }
      }
    }
  }
}
