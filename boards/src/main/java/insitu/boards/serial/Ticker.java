package insitu.boards.serial;

/** Time as the protocol layers see it, injected so tests can control it. */
public interface Ticker {
  long nanos();

  void sleepMillis(long millis);

  /** Wall time of this JVM: {@link System#nanoTime()} and {@link Thread#sleep(long)}. */
  static Ticker system() {
    return new Ticker() {
      @Override public long nanos() { return System.nanoTime(); }

      @Override public void sleepMillis(long millis) {
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
  }
}
