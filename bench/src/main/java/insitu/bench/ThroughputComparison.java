package insitu.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.IntFunction;

/**
 * Throughput of insitu against PyTorch with each side alone on the machine (training epochs, or
 * passes of batched inference): PyTorch's blocks come before, between and after ours, each after
 * our JVM has gone idle (workers parked, trials and JIT done), at one and at two threads; ours come
 * while the PyTorch process waits on its input. Every slot records both sides' CPU time, so the
 * report shows the idle side used ~0. The PyTorch figure is its median at its best thread count.
 */
final class ThroughputComparison {
  /** PyTorch's thread counts: its best on this model and machine is one of them. */
  static final int[] THREADS = {1, 2};

  /** The slots of a comparison, and what waiting for our JVM to go idle took before each PyTorch block. */
  record Result(List<Slot> slots, List<Quiescence.Result> waits) {
    PeerThreads pytorch() {
      return PeerThreads.of(slots, Slot.PYTORCH, true);
    }

    double[] ours() {
      return slots.stream().filter(s -> s.side().equals(Slot.INSITU)).mapToDouble(Slot::value).toArray();
    }

    /** Insitu's median over PyTorch's median at its best thread count: > 1 means insitu is faster. */
    double ratio() {
      return Stats.ratio(Stats.median(ours()), pytorch().median());
    }
  }

  private ThroughputComparison() {}

  /** {@link #run(PyTorchPeer, IntFunction, DoubleSupplier, int, int, int, int, Quiescence.Wait)} of training epochs. */
  static Result run(PyTorchPeer torch, DoubleSupplier cnn, int ourThreads, int warmup, int rounds, int perBlock, Quiescence.Wait quiet)
      throws InterruptedException {
    return run(torch, torch::train, cnn, ourThreads, warmup, rounds, perBlock, quiet);
  }

  /**
   * Runs {@code rounds} rounds of (a PyTorch block, an insitu block) and a last PyTorch block;
   * each block is {@code perBlock} one-unit slots (PyTorch's at every thread count). Both sides
   * run {@code warmup} untimed units first, PyTorch before ours. {@code peer} runs k units of the
   * peer and returns the samples/s of each; {@code ours} runs one unit of ours and returns its
   * samples/s (null: PyTorch only).
   */
  static Result run(PyTorchPeer torch, IntFunction<double[]> peer, DoubleSupplier ours, int ourThreads, int warmup, int rounds, int perBlock,
                    Quiescence.Wait quiet) throws InterruptedException {
    SlotMeter meter = SlotMeter.of(torch.available() ? torch.handle() : null);
    List<Slot> slots = new ArrayList<>();
    List<Quiescence.Result> waits = new ArrayList<>();
    for (int t : THREADS) if (torch.threads(t)) peer.apply(warmup);
    for (int round = 0; round <= rounds; round++) {
      if (torch.available()) {
        waits.add(quiet.await());
        for (int i = 0; i < THREADS.length; i++) {
          int t = THREADS[(i + round) % THREADS.length];
          if (!torch.threads(t)) break;
          for (int k = 0; k < perBlock; k++) slots.add(meter.measure(Slot.PYTORCH, t, () -> first(peer.apply(1))));
        }
      }
      if (round == rounds || ours == null) continue;
      if (round == 0) for (int e = 0; e < warmup; e++) ours.getAsDouble();
      for (int k = 0; k < perBlock; k++) slots.add(meter.measure(Slot.INSITU, ourThreads, ours));
    }
    return new Result(slots, waits);
  }

  private static double first(double[] a) {
    return a.length > 0 ? a[0] : Double.NaN;
  }

  /** The training comparison's keys of the bench report. */
  static void report(Result c, Map<String, Object> r) {
    report(c, r, "", "train");
    r.put("train_samples_per_second_per_epoch", c.ours());
  }

  /**
   * The comparison's keys: {@code prefix + what + "_samples_per_second"} for ours,
   * {@code prefix + "pytorch_" + what + …} for PyTorch's, the ratio, the slots and the idle sides' CPU.
   */
  static void report(Result c, Map<String, Object> r, String prefix, String what) {
    PeerThreads p = c.pytorch();
    String ours = prefix + what, torch = prefix + "pytorch_" + what;
    r.put(torch + "_samples_per_second", p.median());
    r.put(torch + "_samples_per_second_per_round", p.bestValues());
    r.put(torch + "_threads", p.best());
    r.put(torch + "_samples_per_second_by_threads", p.mediansForJson());
    r.put(ours + "_samples_per_second", Stats.median(c.ours()));
    r.put(ours + "_samples_per_second_per_round", c.ours());
    r.put(ours + "_ratio_vs_pytorch", c.ratio());
    r.put(ours + "_slots", c.slots().stream().map(s -> s.toMap("samples_per_second")).toList());
    r.put(ours + "_insitu_cpu_fraction_during_pytorch_max", Slot.idleSideCpuMax(c.slots(), s -> s.side().equals(Slot.PYTORCH)));
    r.put(ours + "_pytorch_cpu_fraction_during_insitu_max", Slot.idleSideCpuMax(c.slots(), s -> s.side().equals(Slot.INSITU)));
    r.put(ours + "_quiet_waits", waits(c.waits()));
  }

  /** How long each wait for our JVM to go idle took (seconds; negative when it never did). */
  static double[] waits(List<Quiescence.Result> waits) {
    return waits.stream().mapToDouble(w -> (w.idle() ? 1 : -1) * w.intervals() * Quiescence.INTERVAL_MILLIS / 1000.0).toArray();
  }
}
