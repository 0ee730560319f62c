package insitu.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order in which the comparisons measure, against a shell script speaking the peer protocol:
 * PyTorch's blocks (both thread counts, the first alternating) before, between and after ours,
 * each after a wait for our JVM to go idle; our warm-up after PyTorch's first block.
 */
class ComparisonOrderTest {
  @TempDir Path dir;

  private PyTorchPeer fakePeer() throws IOException {
    Path f = dir.resolve("peer.sh");
    Files.writeString(f, """
        echo '{"torch_version": "9.9-fake", "threads": 2}'
        t=2
        while read cmd a b; do
          case "$cmd" in
            threads) t=$a; echo "{\\"threads\\": $t}" ;;
            train) echo "{\\"samples_per_second\\": [${t}000.5]}" ;;
            infer) echo "{\\"samples_per_second\\": [${t}00.5]}" ;;
            latency) echo "{\\"median_us\\": ${t}0.5, \\"p99_us\\": ${t}9.0}" ;;
            quit) exit 0 ;;
          esac
        done
        """);
    return PyTorchPeer.launch(List.of("/bin/sh", f.toString()), dir.resolve("peer.err"), 10);
  }

  private static final Quiescence.Result IDLE = new Quiescence.Result(true, 1);

  @Test
  void trainingBracketsOurBlocksWithPyTorchBlocksAtBothThreadCounts() throws Exception {
    int[] epochs = {0};
    int[] waits = {0};
    try (PyTorchPeer torch = fakePeer()) {
      ThroughputComparison.Result r = ThroughputComparison.run(torch, () -> 70_000 + epochs[0]++, 2, 1, 2, 2, () -> {
        waits[0]++;
        return IDLE;
      });
      assertEquals(5, epochs[0], "one warm-up epoch and two blocks of two");
      assertEquals(3, waits[0], "a wait before each of the three PyTorch blocks");
      List<String> order = r.slots().stream().map(s -> s.side().charAt(0) + "" + s.threads()).toList();
      assertEquals(List.of("p1", "p1", "p2", "p2", "i2", "i2", "p2", "p2", "p1", "p1", "i2", "i2", "p1", "p1", "p2", "p2"), order);
      assertEquals(2, r.pytorch().best(), "the fake peer trains 1000.5 samples/s at one thread, 2000.5 at two");
    }
  }

  @Test
  void theReportNamesTheBestThreadCountAndHoldsEverySlot() throws Exception {
    try (PyTorchPeer torch = fakePeer()) {
      ThroughputComparison.Result c = ThroughputComparison.run(torch, () -> 3_000.0, 2, 0, 1, 1, () -> IDLE);
      var r = new java.util.LinkedHashMap<String, Object>();
      ThroughputComparison.report(c, r);
      assertEquals(2, r.get("pytorch_train_threads"));
      assertEquals(2000.5, r.get("pytorch_train_samples_per_second"));
      assertEquals(3_000 / 2000.5, (Double) r.get("train_ratio_vs_pytorch"), 1e-12);
      assertEquals(5, ((List<?>) r.get("train_slots")).size());
    }
  }

  @Test
  void batchedInferenceComparesPassesAndPrefixesItsKeys() throws Exception {
    int[] passes = {0};
    try (PyTorchPeer torch = fakePeer()) {
      ThroughputComparison.Result c = ThroughputComparison.run(torch, torch::infer, () -> 150 + passes[0]++, 2, 1, 1, 2, () -> IDLE);
      assertEquals(3, passes[0], "one warm-up pass and one block of two");
      var r = new java.util.LinkedHashMap<String, Object>();
      ThroughputComparison.report(c, r, "scale_m_", "infer_batched");
      assertEquals(2, r.get("scale_m_pytorch_infer_batched_threads"));
      assertEquals(200.5, r.get("scale_m_pytorch_infer_batched_samples_per_second"), "the fake peer infers 100.5 samples/s at one thread, 200.5 at two");
      assertEquals(152 / 200.5, (Double) r.get("scale_m_infer_batched_ratio_vs_pytorch"), 1e-12, "our passes 151 and 152: the upper median");
      assertEquals(10, ((List<?>) r.get("scale_m_infer_batched_slots")).size(), "two PyTorch blocks of two slots at each thread count, ours between");
      assertTrue(r.keySet().stream().allMatch(k -> k.startsWith("scale_m_")), r.keySet().toString());
    }
  }

  @Test
  void latencyRoundsRunPyTorchThenOursAndKeepTheFastestThreadCount() throws Exception {
    int[] waits = {0};
    try (PyTorchPeer torch = fakePeer()) {
      LatencyComparison.Result c = LatencyComparison.run(torch, null, 2, new LatencyComparison.OrtSessions(List.of(), List.of()), 5, 100, 1, 1,
          () -> {
            waits[0]++;
            return IDLE;
          });
      assertEquals(2, waits[0]);
      assertEquals(List.of(1, 2, 2, 1), c.slots().stream().map(Slot::threads).toList());
      var r = new java.util.LinkedHashMap<String, Object>();
      LatencyComparison.report(c, r);
      assertEquals(1, r.get("pytorch_infer_threads"));
      assertEquals(10.5, r.get("pytorch_infer_batch1_median_us"));
      assertEquals(19.0, r.get("pytorch_infer_batch1_p99_us"));
    }
  }
}
