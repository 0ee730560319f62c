package insitu.bench;

/**
 * A library the bench measures against. It is available until something fails (not installed, a
 * child that died, a bad reply); from then on it says why, and the bench reports that instead of
 * failing.
 */
abstract class Peer implements AutoCloseable {
  private String reason;

  /** @param reason why the peer is unavailable from the start, or null */
  Peer(String reason) {
    this.reason = reason;
  }

  final boolean available() {
    return reason == null;
  }

  /** Why the peer is unavailable, or null while it is available. */
  final String reason() {
    return reason;
  }

  /** Makes the peer unavailable for good. */
  final void fail(String why) {
    reason = why;
  }

  @Override public abstract void close();
}
