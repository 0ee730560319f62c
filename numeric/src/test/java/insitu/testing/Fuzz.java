package insitu.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import insitu.errors.InsituException;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The rule every decoder of user input keeps, whatever the input: it loads, or it refuses with an
 * {@link InsituException} whose message is one line. Never another exception, never an Error
 * (OutOfMemoryError, StackOverflowError). Mutators for the seeded fuzz tests live in
 * {@link ByteMutations} and {@link JsonMutations}.
 */
public final class Fuzz {
  private Fuzz() {}

  /** A decoder under test. */
  @FunctionalInterface
  public interface Decoder<T> {
    T decode() throws Exception;
  }

  /**
   * Runs {@code decoder}: its result when it loads, empty when it refuses in one line with an
   * InsituException or one of {@code alsoRefusals} (decoders below the CLI that report some refusals
   * as IllegalArgumentException or IOException); fails the test on anything else.
   */
  @SafeVarargs
  public static <T> Optional<T> loadsOrRefuses(String what, Decoder<T> decoder, Class<? extends Exception>... alsoRefusals) {
    try {
      return Optional.ofNullable(decoder.decode());
    } catch (InsituException e) {
      assertOneLine(what, e.getMessage());
      return Optional.empty();
    } catch (Throwable t) {
      for (Class<? extends Exception> c : alsoRefusals) {
        if (c.isInstance(t)) {
          assertOneLine(what, t.getMessage());
          return Optional.empty();
        }
      }
      fail(what + ": threw " + t, t);
      return Optional.empty();
    }
  }

  public static void assertOneLine(String what, String message) {
    assertNotNull(message, what + ": a refusal without a message");
    assertFalse(message.isBlank(), what + ": a refusal with a blank message");
    assertFalse(message.contains("\n") || message.contains("\r"), what + ": a message of several lines: " + message);
  }

  /** A seeded generator per case, so one failing case can be rerun alone. */
  public static SplittableRandom random(long seed, int testCase) {
    return new SplittableRandom(seed * 1_000_003L + testCase);
  }
}
