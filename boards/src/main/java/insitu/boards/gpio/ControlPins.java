package insitu.boards.gpio;

/**
 * BCM GPIO numbers of the control lines and their polarity.
 *
 * @param resetPin RESET output
 * @param powerEnablePin POWER_EN output
 * @param readyPin READY input
 * @param resetActiveLow true when RESET is asserted by driving the line low (the usual nRESET)
 */
public record ControlPins(int resetPin, int powerEnablePin, int readyPin, boolean resetActiveLow) {
  /** Defaults of the insitu carrier board: nRESET on GPIO17, POWER_EN on GPIO27, READY on GPIO22. */
  public static ControlPins defaults() {
    return new ControlPins(17, 27, 22, true);
  }
}
