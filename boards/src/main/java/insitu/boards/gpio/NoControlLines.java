package insitu.boards.gpio;

import java.time.Duration;
import java.util.function.Consumer;

/** A board wired by its serial link only: resets do nothing and the board always counts as ready. */
public final class NoControlLines implements ControlLines {
  @Override public void pulseReset(Duration width) { }
  @Override public void powerEnable(boolean on) { }
  @Override public boolean isReady() { return true; }
  @Override public void onReadyChange(Consumer<Boolean> listener) { }
  @Override public boolean present() { return false; }
  @Override public void close() { }
}
