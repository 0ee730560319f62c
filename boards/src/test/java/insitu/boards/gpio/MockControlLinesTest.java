package insitu.boards.gpio;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.serial.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MockControlLinesTest {
  private final List<String> log = new ArrayList<>();
  private MockControlLines lines;

  /** Records READY while "sleeping" through the reset pulse. */
  private final Ticker recording = new Ticker() {
    @Override public long nanos() { return 0; }
    @Override public void sleepMillis(long millis) { log.add("sleep " + millis + " ready " + lines.isReady()); }
  };

  @Test
  void readyFollowsPowerAndDropsDuringReset() {
    lines = new MockControlLines(ControlPins.defaults(), recording);
    List<Boolean> seen = new ArrayList<>();
    lines.onReadyChange(seen::add);
    assertFalse(lines.isReady(), "unpowered");
    lines.powerEnable(true);
    assertTrue(lines.isReady());
    lines.pulseReset(Duration.ofMillis(20));
    assertEquals(List.of("sleep 20 ready false"), log);
    assertTrue(lines.isReady());
    assertEquals(1, lines.resets());
    lines.close();
    assertFalse(lines.powered());
    assertEquals(List.of(true, false, true, false), seen);
    assertTrue(lines.present());
  }
}
