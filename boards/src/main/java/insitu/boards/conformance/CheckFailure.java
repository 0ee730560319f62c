package insitu.boards.conformance;

/** A conformance check found the board behaving against the protocol; the message says how. */
public final class CheckFailure extends RuntimeException {
  public CheckFailure(String detail) {
    super(detail, null, false, false);
  }
}
