package insitu.boards.conformance;

import insitu.boards.serial.Ticker;

/** Time that moves only when someone waits or sleeps: runs are exact and independent of the machine's load. */
public final class VirtualTicker implements Ticker {
  private long nanos;

  @Override public synchronized long nanos() { return nanos; }

  @Override public synchronized void sleepMillis(long millis) { nanos += Math.max(0, millis) * 1_000_000; }
}
