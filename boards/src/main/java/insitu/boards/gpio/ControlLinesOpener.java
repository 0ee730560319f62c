package insitu.boards.gpio;

import insitu.errors.BoardException;
import insitu.boards.serial.Ticker;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the control lines a {@link GpioSpec} describes. */
public final class ControlLinesOpener {
  private ControlLinesOpener() {}

  /**
   * The lines, or a {@link BoardException} whose one line says what is missing (no GPIO chip, not a
   * Raspberry Pi) and what to use instead.
   */
  public static ControlLines open(GpioSpec spec, GpioChips chips) {
    return switch (spec.kind()) {
      case NONE -> new NoControlLines();
      case MOCK -> new MockControlLines(spec.pins(), Ticker.system());
      case RASPBERRYPI -> raspberryPi(spec, chips);
    };
  }

  private static ControlLines raspberryPi(GpioSpec spec, GpioChips chips) {
    GpioChips.Chip chip = chips.locate(spec.chip());
    try {
      return Pi4jControlLines.withOwnContext(spec.pins(), Pi4jControlLines.GPIOD_OUTPUT, Pi4jControlLines.GPIOD_INPUT);
    } catch (RuntimeException e) {
      throw new BoardException("cannot open the GPIO lines on " + chip + ": " + explain(e), e);
    }
  }

  /** Pi4J's own words, except where they only mean that it found no Raspberry Pi. */
  private static String explain(RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("No gpio chip yet initialized")) {
      String model = "unknown";
      try {
        Path p = Path.of("/proc/device-tree/model");
        if (Files.isReadable(p)) model = Files.readString(p).replace("\0", "").strip();
      } catch (java.io.IOException ignored) {
        // The model only makes the message more precise.
      }
      return "Pi4J does not recognise this machine (model " + model + ") as a Raspberry Pi; off the Pi use gpio=mock";
    }
    return message.lines().findFirst().orElse(message);
  }
}
