package insitu.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bench's accounting of who used the machine during a slot, on virtual clocks (nothing is timed). */
class HonestSlotsTest {
  @Test
  void aSlotChargesTheWorkToTheMeasuringSideAndShowsTheOtherIdle() {
    AtomicLong ours = new AtomicLong(5_000_000_000L), peer = new AtomicLong(7_000_000_000L), wall = new AtomicLong();
    SlotMeter meter = new SlotMeter(ours::get, peer::get, wall::get);
    Slot s = meter.measure(Slot.PYTORCH, 2, () -> {
      peer.addAndGet(380_000_000L); // two threads for 0.2 s, a little less than two cores
      wall.addAndGet(200_000_000L);
      return 52_000;
    });
    assertEquals(new Slot(Slot.PYTORCH, 2, 52_000, 0.2, 0.0, 0.38), s);
    assertEquals(0.0, s.idleSideCpuFraction(), "our JVM did nothing during PyTorch's slot");

    Slot o = meter.measure(Slot.INSITU, 2, () -> {
      ours.addAndGet(300_000_000L);
      peer.addAndGet(10_000_000L); // one clock tick of the waiting peer
      wall.addAndGet(160_000_000L);
      return 61_000;
    });
    assertEquals(0.01 / 0.16, o.idleSideCpuFraction(), 1e-12);
    assertEquals(0.01 / 0.16, Slot.idleSideCpuMax(List.of(s, o), x -> true), 1e-12);
    assertEquals(0.0, Slot.idleSideCpuMax(List.of(s, o), x -> x.side().equals(Slot.PYTORCH)));
    assertTrue(Double.isNaN(Slot.idleSideCpuMax(List.of(), x -> true)));
  }

  @Test
  void anOnnxRuntimeSlotCountsThePeerProcessAsTheIdleSide() {
    Slot ort = new Slot(Slot.ONNXRUNTIME, 1, 30.0, 0.1, 0.1, 0.0); // ONNX Runtime runs inside our JVM
    assertEquals(0.0, ort.idleSideCpuFraction());
  }

  @Test
  void quiescenceWaitsUntilOneIntervalUsesAtMostOneTick() throws InterruptedException {
    AtomicLong cpu = new AtomicLong();
    List<Long> pauses = new ArrayList<>();
    long[] busyIntervals = {150_000_000L, 90_000_000L, 20_000_000L, 10_000_000L, 0};
    int[] i = {0};
    Quiescence.Result r = Quiescence.await(cpu::get, ms -> {
      pauses.add(ms);
      cpu.addAndGet(busyIntervals[i[0]++]); // what the JVM burns during that pause: JIT winding down
    }, 50);
    assertEquals(new Quiescence.Result(true, 4), r);
    assertEquals(List.of(200L, 200L, 200L, 200L), pauses);
  }

  @Test
  void quiescenceGivesUpOnASideThatNeverRests() throws InterruptedException {
    AtomicLong cpu = new AtomicLong();
    Quiescence.Result r = Quiescence.await(cpu::get, ms -> cpu.addAndGet(ms * 1_000_000L), 5); // a full core
    assertEquals(new Quiescence.Result(false, 5), r);
    assertArrayEquals(new double[] {0.4, -1.0}, ThroughputComparison.waits(List.of(new Quiescence.Result(true, 2), r)), 0);
  }

  @Test
  void thePeersBestThreadCountIsTheBestMedian() {
    List<Slot> slots = List.of(slot(Slot.PYTORCH, 1, 50_000), slot(Slot.PYTORCH, 1, 56_000), slot(Slot.PYTORCH, 1, 54_000),
        slot(Slot.PYTORCH, 2, 60_000), slot(Slot.PYTORCH, 2, 30_000), slot(Slot.PYTORCH, 2, 40_000), slot(Slot.INSITU, 2, 99_000));
    PeerThreads train = PeerThreads.of(slots, Slot.PYTORCH, true);
    assertEquals(1, train.best(), "median 54,000 at one thread beats 40,000 at two");
    assertEquals(54_000, train.median());
    assertArrayEquals(new double[] {50_000, 56_000, 54_000}, train.bestValues());
    assertEquals(40_000.0, train.medians().get(2));
    assertEquals(java.util.Map.of("1", 54_000.0, "2", 40_000.0), train.mediansForJson());

    PeerThreads latency = PeerThreads.of(slots, Slot.PYTORCH, false);
    assertEquals(2, latency.best(), "for latency the lower median wins");
    assertEquals(40_000, latency.median());
  }

  @Test
  void aTieGoesToFewerThreadsAndNoSlotsMeanNoFigure() {
    PeerThreads tie = PeerThreads.of(List.of(slot(Slot.PYTORCH, 2, 80), slot(Slot.PYTORCH, 1, 80)), Slot.PYTORCH, false);
    assertEquals(1, tie.best());
    PeerThreads none = PeerThreads.of(List.of(slot(Slot.INSITU, 2, 1), slot(Slot.PYTORCH, 1, Double.NaN)), Slot.PYTORCH, true);
    assertEquals(0, none.best());
    assertTrue(Double.isNaN(none.median()));
  }

  @Test
  void theTrainCommandsSteadyFigureIsTheMedianOfItsLastFiveEpochs() {
    TrainCommandRun.Result r = new TrainCommandRun.Result(new double[] {4_000, 20_000, 30_000, 45_000, 50_000, 48_000, 51_000, 47_000, 60_000},
        9, 12, 0, null);
    assertEquals(4_000, r.first());
    assertEquals(50_000, r.steady());
    assertEquals(30_000, new TrainCommandRun.Result(new double[] {10_000, 30_000, 50_000}, 1, 1, 0, null).steady());
    assertTrue(Double.isNaN(TrainCommandRun.Result.failed("x").steady()));
  }

  private static Slot slot(String side, int threads, double value) {
    return new Slot(side, threads, value, 0.1, 0, 0);
  }
}
