package insitu.boards.gpio;

import insitu.boards.serial.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * Control lines in memory ({@code gpio=mock}), for running the tool off the Pi: the board counts as
 * booted (READY high) while it is powered and not held in reset, as a real board raises READY once
 * it is up. Every change is logged at debug level with its BCM pin.
 */
public final class MockControlLines implements ControlLines {
  private final ControlPins pins;
  private final Ticker ticker;
  private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
  private boolean powered;
  private boolean inReset;
  private int resets;

  public MockControlLines(ControlPins pins, Ticker ticker) {
    this.pins = pins;
    this.ticker = ticker;
  }

  @Override
  public void pulseReset(Duration width) {
    Logger.debug("gpio mock: RESET (BCM {}) held for {} ms", pins.resetPin(), width.toMillis());
    setLevels(powered, true);
    try {
      ticker.sleepMillis(Math.max(1, width.toMillis()));
    } finally {
      resets++;
      setLevels(powered, false);
    }
  }

  @Override
  public void powerEnable(boolean on) {
    Logger.debug("gpio mock: POWER_EN (BCM {}) {}", pins.powerEnablePin(), on ? "high" : "low");
    setLevels(on, inReset);
  }

  @Override
  public synchronized boolean isReady() {
    return powered && !inReset;
  }

  @Override
  public void onReadyChange(Consumer<Boolean> listener) {
    listeners.add(listener);
  }

  /** How many RESET pulses were given. */
  public synchronized int resets() {
    return resets;
  }

  /** Whether POWER_EN is high. */
  public synchronized boolean powered() {
    return powered;
  }

  private void setLevels(boolean power, boolean reset) {
    boolean before, after;
    synchronized (this) {
      before = isReady();
      powered = power;
      inReset = reset;
      after = isReady();
    }
    if (before != after) {
      Logger.debug("gpio mock: READY (BCM {}) {}", pins.readyPin(), after ? "high" : "low");
      for (Consumer<Boolean> l : listeners) l.accept(after);
    }
  }

  @Override
  public void close() {
    setLevels(false, false);
  }
}
