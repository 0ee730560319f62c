package insitu.cli;

import com.google.gson.JsonParseException;
import insitu.errors.InsituException;
import java.nio.file.InvalidPathException;

/**
 * What the CLI prints for a failure that is not an {@link InsituException}: always one line and an
 * exit code, never a stack trace (unless --debug). Running out of heap or stack on a big or deeply
 * nested input is the input's fault as far as a user can act on it (exit 3, with how to give the
 * JVM more); a file name the platform cannot represent is a usage error (exit 2); anything else is
 * an internal error (exit 1).
 */
final class LastResort {
  static final int USAGE = 2, BAD_INPUT = 3, INTERNAL = 1;

  private LastResort() {}

  /** A one-line message and exit code for {@code t}. */
  record Outcome(String message, int exitCode) {}

  static Outcome of(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof InsituException ie) return new Outcome(ie.getMessage(), ie.exitCode());
      if (c instanceof OutOfMemoryError)
        return new Outcome("out of memory: the input needs more than this JVM's " + Runtime.getRuntime().maxMemory() / (1 << 20)
            + " MB heap; give it more with INSITU_JAVA_OPTS=-Xmx2g (or a larger value)", BAD_INPUT);
      if (c instanceof StackOverflowError)
        return new Outcome("stack overflow: the input is nested too deeply; give the JVM a larger stack with INSITU_JAVA_OPTS=-Xss16m",
            BAD_INPUT);
      if (c instanceof InvalidPathException p)
        return new Outcome("cannot use '" + printable(p.getInput()) + "' as a file name here: " + p.getReason(), USAGE);
      if (c instanceof JsonParseException j) return new Outcome("malformed JSON: " + InsituException.oneLine(j.getMessage()), BAD_INPUT);
    }
    return new Outcome("internal error: " + InsituException.oneLine(String.valueOf(t)) + " (run with --debug for the stack trace)", INTERNAL);
  }

  /** File names that are not valid text are shown with their odd characters escaped. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().forEach(cp -> {
      if (cp < 0x20 || Character.getType(cp) == Character.SURROGATE || cp == 0xFFFD) b.append(String.format("\\u%04x", cp));
      else b.appendCodePoint(cp);
    });
    return b.toString();
  }
}
