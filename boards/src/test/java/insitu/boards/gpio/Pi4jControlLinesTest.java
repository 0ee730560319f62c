package insitu.boards.gpio;

import static org.junit.jupiter.api.Assertions.*;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import insitu.boards.serial.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Pi4jControlLinesTest {
  static {
    // Pi4J logs through SLF4J and no binding is on the test class path: silence the 3-line warning.
    System.setProperty("slf4j.internal.verbosity", "ERROR");
  }

  private Context pi4j;
  private Pi4jControlLines lines;
  private final List<String> log = new ArrayList<>();

  @BeforeEach
  void mockPlatform() {
    pi4j = Pi4J.newContextBuilder().add(new MockPlatform())
        .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
    // A ticker that records the reset line while "sleeping", so the pulse is observed mid-way.
    Ticker recording = new Ticker() {
      @Override public long nanos() { return 0; }
      @Override public void sleepMillis(long millis) {
        log.add("sleep " + millis + " with reset " + output("board-reset").state());
      }
    };
    lines = new Pi4jControlLines(pi4j, ControlPins.defaults(), MockDigitalOutputProvider.ID, MockDigitalInputProvider.ID, recording);
  }

  @AfterEach
  void shutdown() {
    lines.close();
    pi4j.shutdown();
  }

  private DigitalOutput output(String id) {
    return pi4j.registry().get(id, DigitalOutput.class);
  }

  @Test
  void resetIsAnActiveLowPulseOfTheRequestedWidth() {
    assertEquals(DigitalState.HIGH, output("board-reset").state(), "released at start");
    lines.pulseReset(Duration.ofMillis(10));
    assertEquals(List.of("sleep 10 with reset LOW"), log);
    assertEquals(DigitalState.HIGH, output("board-reset").state(), "released after the pulse");
  }

  @Test
  void powerEnableDrivesItsPin() {
    assertEquals(DigitalState.LOW, output("board-power").state(), "power starts off");
    lines.powerEnable(true);
    assertTrue(output("board-power").isHigh());
    lines.powerEnable(false);
    assertTrue(output("board-power").isLow());
  }

  @Test
  void readyFollowsTheInputAndNotifiesListeners() {
    MockDigitalInput ready = (MockDigitalInput) pi4j.registry().get("board-ready", com.pi4j.io.gpio.digital.DigitalInput.class);
    List<Boolean> seen = new ArrayList<>();
    lines.onReadyChange(seen::add);
    ready.mockState(DigitalState.HIGH);
    assertTrue(lines.isReady());
    ready.mockState(DigitalState.LOW);
    assertFalse(lines.isReady());
    assertEquals(List.of(true, false), seen);
  }

  /** The pins a board spec names are the GPIO addresses Pi4J drives. */
  @Test
  void pinsFromTheBoardSpecReachPi4j() {
    ControlPins pins = GpioSpec.parse(java.util.Map.of("gpio", "raspberrypi", "reset", "5", "power", "6", "ready", "13")).pins();
    Context other = Pi4J.newContextBuilder().add(new MockPlatform())
        .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
    try {
      new Pi4jControlLines(other, pins, MockDigitalOutputProvider.ID, MockDigitalInputProvider.ID, Ticker.system());
      assertEquals(5, other.registry().get("board-reset", DigitalOutput.class).address());
      assertEquals(6, other.registry().get("board-power", DigitalOutput.class).address());
      assertEquals(13, other.registry().get("board-ready", com.pi4j.io.gpio.digital.DigitalInput.class).address());
    } finally {
      other.shutdown();
    }
  }

  @Test
  void noControlLinesAreAlwaysReady() {
    try (ControlLines none = new NoControlLines()) {
      none.pulseReset(Duration.ofMillis(1));
      assertTrue(none.isReady());
      assertFalse(none.present());
    }
  }
}
