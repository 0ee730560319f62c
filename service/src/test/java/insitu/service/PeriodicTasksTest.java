package insitu.service;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PeriodicTasksTest {
  @Test
  void aTaskRunsOncePerPeriodAndOnceWhenItFellBehind() {
    ManualClock clock = new ManualClock();
    AtomicInteger a = new AtomicInteger(), b = new AtomicInteger();
    PeriodicTasks t = new PeriodicTasks(clock, List.of(new PeriodicTasks.Task("a", Duration.ofSeconds(10), a::incrementAndGet),
        new PeriodicTasks.Task("b", Duration.ofSeconds(25), b::incrementAndGet)));
    assertEquals(0, t.runDue());
    clock.advance(Duration.ofSeconds(9));
    assertEquals(0, t.runDue());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(1, t.runDue());
    assertEquals(0, t.runDue(), "not twice in the same moment");
    clock.advance(Duration.ofSeconds(100));
    assertEquals(2, t.runDue(), "behind: each runs once");
    assertEquals(2, a.get());
    assertEquals(1, b.get());
    clock.advance(Duration.ofSeconds(10));
    assertEquals(1, t.runDue());
    assertEquals(3, a.get());
  }

  @Test
  void aPeriodMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new PeriodicTasks.Task("x", Duration.ZERO, () -> {}));
  }
}
