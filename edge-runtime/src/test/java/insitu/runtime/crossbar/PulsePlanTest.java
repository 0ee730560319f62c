package insitu.runtime.crossbar;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.Board;
import insitu.boards.PulseBatch;
import insitu.boards.PulseKind;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One batch per array and kind, every RESET batch before any SET batch, pulses in the order added. */
class PulsePlanTest {
  @Test
  void resetsFireBeforeSetsArrayByArray() {
    List<PulseBatch> fired = new ArrayList<>();
    Board board = (Board) Proxy.newProxyInstance(Board.class.getClassLoader(), new Class<?>[] {Board.class}, (proxy, m, args) -> {
      if (m.getName().equals("pulse")) fired.add((PulseBatch) args[0]);
      return null;
    });
    GateResponse r = GateResponse.paper();
    PulsePlan plan = new PulsePlan(r);
    assertTrue(plan.hasNoSets());
    plan.set(1, 0, 0, 1.0);
    plan.reset(1, 0, 0);
    plan.set(0, 2, 3, 1.5);
    plan.reset(0, 2, 3);
    plan.set(1, 4, 5, 2.0);
    assertEquals(5, plan.fire(board));
    assertEquals(List.of(PulseKind.RESET, PulseKind.RESET, PulseKind.SET, PulseKind.SET), fired.stream().map(PulseBatch::kind).toList());
    assertEquals(List.of(0, 1, 0, 1), fired.stream().map(PulseBatch::array).toList());
    PulseBatch sets1 = fired.get(3);
    assertArrayEquals(new int[] {0, 4}, sets1.rows());
    assertArrayEquals(new double[] {1.0, 2.0}, sets1.gateVolts());
    assertEquals(r.setVolts(), sets1.amplitudeVolts());
    assertEquals(r.resetGateVolts(), fired.get(0).gateVolts()[0]);
    assertTrue(plan.hasNoSets(), "firing empties the plan");
  }
}
