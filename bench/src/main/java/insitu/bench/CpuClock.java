package insitu.bench;

import java.time.Duration;

/**
 * CPU time one side of a comparison has used so far, in nanoseconds: our own JVM (every thread:
 * workers, trials, JIT and GC) or a peer's process tree. The kernel counts it in clock ticks
 * (10 ms here), which is fine enough to show that an idle side used ~0 during a slot.
 */
@FunctionalInterface
interface CpuClock {
  long nanos();

  /** This JVM alone (not its children: the peers are the other side). */
  static CpuClock ours() {
    ProcessHandle self = ProcessHandle.current();
    return () -> cpu(self);
  }

  /** A process and all its descendants; a process that has gone counts what it last showed as 0. */
  static CpuClock tree(ProcessHandle root) {
    return () -> cpu(root) + root.descendants().mapToLong(CpuClock::cpu).sum();
  }

  /** A side that is not there (a peer that never started). */
  static CpuClock none() {
    return () -> 0;
  }

  private static long cpu(ProcessHandle p) {
    return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }
}
