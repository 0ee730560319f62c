package insitu.boards.gpio;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The board's hardware control lines besides the serial link: RESET and POWER_EN outputs, READY
 * input. Real boards use {@link Pi4jControlLines}; boards without them use {@link NoControlLines}.
 */
public interface ControlLines extends AutoCloseable {

  /** Holds RESET active for {@code width}, then releases it. */
  void pulseReset(Duration width);

  /** Switches the board's power supply enable. */
  void powerEnable(boolean on);

  /** Whether the board signals READY (booted, accepting frames). */
  boolean isReady();

  /** Calls {@code listener} with the new READY level whenever it changes. */
  void onReadyChange(Consumer<Boolean> listener);

  /** Whether these lines exist at all (false for {@link NoControlLines}). */
  default boolean present() { return true; }

  @Override
  void close();
}
