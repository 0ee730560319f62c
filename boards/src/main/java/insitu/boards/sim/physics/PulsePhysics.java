package insitu.boards.sim.physics;

import insitu.boards.PulseBatch;

/**
 * How the cells respond to a batch of pulses (already checked against the spec): the paper's and
 * the ideal devices' jumps ({@link PaperPulses}) or device physics ({@link DevicePulses}). The
 * board counts the pulses and moves its clock past them.
 */
public interface PulsePhysics {
  /**
   * Applies the pulses in order, drawing from the board's generator in a fixed order.
   *
   * @param startSeconds the board's clock as the first pulse begins; pulse k begins {@code k} pulse durations later
   */
  void apply(PulseBatch batch, double startSeconds);
}
