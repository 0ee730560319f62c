package insitu.boards.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import insitu.boards.serial.Ticker;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Control lines through Pi4J 2. Provider ids are parameters: production names the gpiod providers
 * explicitly (auto-detection would pick pigpio or the mock when they are on the class path), tests
 * pass the mock ones. The caller owns the Pi4J context and shuts it down.
 */
public final class Pi4jControlLines implements ControlLines {
  public static final String GPIOD_OUTPUT = "gpiod-digital-output";
  public static final String GPIOD_INPUT = "gpiod-digital-input";
  public static final String MOCK_OUTPUT = "mock-digital-output";
  public static final String MOCK_INPUT = "mock-digital-input";

  private final DigitalOutput reset;
  private final DigitalOutput power;
  private final DigitalInput ready;
  private final ControlPins pins;
  private final Ticker ticker;
  private Context owned;

  public Pi4jControlLines(Context pi4j, ControlPins pins, String outputProviderId, String inputProviderId, Ticker ticker) {
    this.pins = pins;
    this.ticker = ticker;
    DigitalState released = pins.resetActiveLow() ? DigitalState.HIGH : DigitalState.LOW;
    reset = pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id("board-reset").name("board RESET")
        .address(pins.resetPin()).initial(released).shutdown(released).provider(outputProviderId));
    // Power stays off until asked for, and goes off when the program ends.
    power = pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id("board-power").name("board POWER_EN")
        .address(pins.powerEnablePin()).initial(DigitalState.LOW).shutdown(DigitalState.LOW).provider(outputProviderId));
    ready = pi4j.create(DigitalInput.newConfigBuilder(pi4j).id("board-ready").name("board READY")
        .address(pins.readyPin()).pull(PullResistance.PULL_DOWN).provider(inputProviderId));
  }

  /**
   * Lines on a Pi4J context of their own (auto-detected plugins, providers named explicitly);
   * {@link #close()} shuts the context down. For the {@code serial:…&gpio=} board spec.
   */
  public static Pi4jControlLines withOwnContext(ControlPins pins, String outputProviderId, String inputProviderId) {
    Context pi4j = com.pi4j.Pi4J.newAutoContext();
    try {
      Pi4jControlLines lines = new Pi4jControlLines(pi4j, pins, outputProviderId, inputProviderId, Ticker.system());
      lines.owned = pi4j;
      return lines;
    } catch (RuntimeException e) {
      pi4j.shutdown();
      throw e;
    }
  }

  /** Production lines: gpiod providers, default pins. */
  public static Pi4jControlLines gpiod(Context pi4j, ControlPins pins) {
    return new Pi4jControlLines(pi4j, pins, GPIOD_OUTPUT, GPIOD_INPUT, Ticker.system());
  }

  @Override
  public void pulseReset(Duration width) {
    reset.state(pins.resetActiveLow() ? DigitalState.LOW : DigitalState.HIGH);
    try {
      ticker.sleepMillis(Math.max(1, width.toMillis()));
    } finally {
      reset.state(pins.resetActiveLow() ? DigitalState.HIGH : DigitalState.LOW);
    }
  }

  @Override
  public void powerEnable(boolean on) {
    power.state(on ? DigitalState.HIGH : DigitalState.LOW);
  }

  @Override
  public boolean isReady() {
    return ready.isHigh();
  }

  @Override
  public void onReadyChange(Consumer<Boolean> listener) {
    ready.addListener(e -> listener.accept(e.state() == DigitalState.HIGH));
  }

  /** Leaves the lines to the context's shutdown states (RESET released, power off). */
  @Override
  public void close() {
    if (owned != null) owned.shutdown();
    owned = null;
  }
}
