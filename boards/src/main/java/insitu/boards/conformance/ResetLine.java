package insitu.boards.conformance;

/**
 * A way to reset the board from outside the protocol (its RESET pin), for the checks of what a
 * reset must and must not change. Returns once the board may be talked to again.
 */
@FunctionalInterface
public interface ResetLine {
  void pulse();
}
