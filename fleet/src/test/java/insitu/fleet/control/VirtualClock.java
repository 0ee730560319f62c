package insitu.fleet.control;

/** Time that passes only when the controller waits: every wait moves it on by the time waited. */
public final class VirtualClock implements FleetClock {
  private long nanos;
  private long waits;

  @Override public synchronized long nanos() {
    return nanos;
  }

  @Override public synchronized long epochMillis() {
    return 1_000_000 + nanos / 1_000_000;
  }

  @Override public synchronized void await(FleetView view, long version, long n) {
    waits++;
    nanos += n;
  }

  public synchronized long waits() {
    return waits;
  }
}
