package insitu.boards.gpio;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GpioSpecTest {
  @Test
  void defaultsAreTheCarrierBoardsPinsOnTheAutoChip() {
    GpioSpec s = GpioSpec.parse(Map.of("gpio", "raspberrypi"));
    assertEquals(GpioSpec.Kind.RASPBERRYPI, s.kind());
    assertEquals(ControlPins.defaults(), s.pins());
    assertEquals("auto", s.chip());
    assertEquals(GpioSpec.Kind.NONE, GpioSpec.parse(Map.of()).kind());
  }

  @Test
  void pinsAndChipComeFromTheSpec() {
    GpioSpec s = GpioSpec.parse(Map.of("gpio", "mock", "reset", "5", "power", "6", "ready", "13", "chip", "pinctrl-rp1"));
    assertEquals(GpioSpec.Kind.MOCK, s.kind());
    assertEquals(new ControlPins(5, 6, 13, true), s.pins());
    assertEquals("pinctrl-rp1", s.chip());
  }

  @Test
  void refusesPinsOffTheHeaderSharedPinsAndNonNumbers() {
    assertThrows(IllegalArgumentException.class, () -> GpioSpec.parse(Map.of("gpio", "raspberrypi", "reset", "28")));
    assertThrows(IllegalArgumentException.class, () -> GpioSpec.parse(Map.of("gpio", "raspberrypi", "reset", "-1")));
    assertThrows(IllegalArgumentException.class, () -> GpioSpec.parse(Map.of("gpio", "raspberrypi", "ready", "17")));
    assertThrows(IllegalArgumentException.class, () -> GpioSpec.parse(Map.of("gpio", "raspberrypi", "power", "GPIO27")));
    assertThrows(IllegalArgumentException.class, () -> GpioSpec.parse(Map.of("gpio", "raspberrypi", "chip", " ")));
    assertThrows(IllegalArgumentException.class, () -> GpioSpec.parse(Map.of("gpio", "arduino")));
  }

  @Test
  void pinsWithoutControlLinesAreAMistake() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GpioSpec.parse(Map.of("reset", "17")));
    assertTrue(e.getMessage().contains("gpio=raspberrypi"), e.getMessage());
  }
}
