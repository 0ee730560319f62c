package insitu.testing;

/**
 * Waits for something another process or thread does by counting polls, never by reading the
 * clock: the bound is a hang guard (a test that would wait forever fails), not a timing check.
 */
public final class Polling {
  /** What is waited for; may throw (a failed poll counts as not yet). */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  private Polling() {}

  /**
   * Checks {@code condition} up to {@code polls} times, pausing {@code pauseMillis} between checks;
   * returns whether it came to hold.
   */
  public static boolean until(Condition condition, int polls, long pauseMillis) throws InterruptedException {
    for (int k = 0; k < polls; k++) {
      try {
        if (condition.holds()) return true;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception notYet) {
        // e.g. a connection refused while a server starts: try again
      }
      Thread.sleep(pauseMillis);
    }
    return false;
  }
}
