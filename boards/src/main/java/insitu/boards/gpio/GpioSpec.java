package insitu.boards.gpio;

import java.util.Map;
import java.util.Set;

/**
 * The control-line part of a serial board spec: which GPIO implementation, which BCM pins, which
 * chip ({@code gpio=raspberrypi&reset=17&power=27&ready=22&chip=auto}).
 *
 * @param kind where the lines are
 * @param pins BCM numbers of RESET, POWER_EN and READY
 * @param chip {@code auto} (the Raspberry Pi's header chip), a chip name ({@code gpiochip0}) or label ({@code pinctrl-rp1})
 */
public record GpioSpec(Kind kind, ControlPins pins, String chip) {
  /** The spec options this record reads. */
  public static final Set<String> OPTIONS = Set.of("gpio", "reset", "power", "ready", "chip");

  /** Largest BCM number on the 40-pin header (GPIO 0 to 27). */
  static final int MAX_HEADER_PIN = 27;

  /** Where the control lines are. */
  public enum Kind {
    /** No control lines: the board is wired by its serial link only. */
    NONE,
    /** The Raspberry Pi's header, through Pi4J's gpiod provider. */
    RASPBERRYPI,
    /** In memory, for development off the Pi: READY follows power and reset. */
    MOCK
  }

  /** Reads the control-line options of a board spec; bad values are usage errors (IllegalArgumentException). */
  public static GpioSpec parse(Map<String, String> options) {
    String gpio = options.getOrDefault("gpio", "none");
    Kind kind = switch (gpio) {
      case "none" -> Kind.NONE;
      case "raspberrypi" -> Kind.RASPBERRYPI;
      case "mock" -> Kind.MOCK;
      default -> throw new IllegalArgumentException("unknown gpio '" + gpio + "'; valid: none, raspberrypi, mock");
    };
    ControlPins d = ControlPins.defaults();
    if (kind == Kind.NONE) {
      for (String k : Set.of("reset", "power", "ready", "chip"))
        if (options.containsKey(k)) throw new IllegalArgumentException("board option '" + k + "' needs gpio=raspberrypi or gpio=mock");
      return new GpioSpec(kind, d, "auto");
    }
    ControlPins pins = new ControlPins(pin(options, "reset", d.resetPin()), pin(options, "power", d.powerEnablePin()),
        pin(options, "ready", d.readyPin()), d.resetActiveLow());
    if (pins.resetPin() == pins.powerEnablePin() || pins.resetPin() == pins.readyPin() || pins.powerEnablePin() == pins.readyPin())
      throw new IllegalArgumentException("reset, power and ready need three different GPIO pins, got " + pins.resetPin() + ", "
          + pins.powerEnablePin() + ", " + pins.readyPin());
    String chip = options.getOrDefault("chip", "auto");
    if (chip.isBlank()) throw new IllegalArgumentException("empty chip; valid: auto, a chip name (gpiochip0) or label (pinctrl-rp1)");
    return new GpioSpec(kind, pins, chip);
  }

  private static int pin(Map<String, String> options, String key, int fallback) {
    String text = options.get(key);
    if (text == null) return fallback;
    int pin;
    try {
      pin = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + "=" + text + " is not a GPIO number (BCM 0-" + MAX_HEADER_PIN + ")");
    }
    if (pin < 0 || pin > MAX_HEADER_PIN) throw new IllegalArgumentException(key + "=" + pin + " is not on the 40-pin header (BCM 0-" + MAX_HEADER_PIN + ")");
    return pin;
  }
}
