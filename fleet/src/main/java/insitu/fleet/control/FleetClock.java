package insitu.fleet.control;

import java.time.Clock;

/**
 * Time as the controller sees it: deadlines on a monotonic clock, ids from the wall clock, and the
 * wait for the next message. The system one waits for real; tests pass a virtual one, so a device
 * that never answers times out without anyone waiting.
 */
public interface FleetClock {
  long nanos();

  /** Milliseconds since the epoch (rollout and round ids start from it). */
  long epochMillis();

  /** Waits until {@code view} changes after {@code version}, at most {@code nanos}. */
  void await(FleetView view, long version, long nanos) throws InterruptedException;

  static FleetClock system() {
    Clock wall = Clock.systemUTC();
    return new FleetClock() {
      @Override public long nanos() {
        return System.nanoTime();
      }

      @Override public long epochMillis() {
        return wall.millis();
      }

      @Override public void await(FleetView view, long version, long nanos) throws InterruptedException {
        view.awaitChange(version, nanos);
      }
    };
  }
}
