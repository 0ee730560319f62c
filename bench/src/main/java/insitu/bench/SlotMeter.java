package insitu.bench;

import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/** Measures slots: runs one side's work and records the wall time and both sides' CPU time around it. */
final class SlotMeter {
  private final CpuClock ours, peer;
  private final LongSupplier wallNanos;

  SlotMeter(CpuClock ours, CpuClock peer, LongSupplier wallNanos) {
    this.ours = ours;
    this.peer = peer;
    this.wallNanos = wallNanos;
  }

  /** Our JVM against a peer process tree, on the real clocks. */
  static SlotMeter of(ProcessHandle peer) {
    return new SlotMeter(CpuClock.ours(), peer == null ? CpuClock.none() : CpuClock.tree(peer), System::nanoTime);
  }

  /** Runs {@code work} (which returns the slot's figure) as one slot of {@code side}. */
  Slot measure(String side, int threads, DoubleSupplier work) {
    long o0 = ours.nanos(), p0 = peer.nanos(), t0 = wallNanos.getAsLong();
    double v = work.getAsDouble();
    long t1 = wallNanos.getAsLong(), o1 = ours.nanos(), p1 = peer.nanos();
    return new Slot(side, threads, v, (t1 - t0) / 1e9, (o1 - o0) / 1e9, (p1 - p0) / 1e9);
  }
}
