package insitu.errors;

/**
 * Root of every error insitu reports to a user. Each subtype carries the CLI exit code of its
 * area; the message is one line that names the file, node, op, cell or command concerned.
 */
public abstract class InsituException extends RuntimeException {
  /** Longer messages are cut: a message quoting a damaged input must not flood the terminal. */
  private static final int MAX_MESSAGE_CHARS = 1000;

  protected InsituException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  /** Exit code of the command-line tool for this error (see DESIGN.md). */
  public abstract int exitCode();

  /**
   * A message as one line: the lines of a library's message joined, the "See https://…" links
   * that some append (Gson) dropped, and cut at {@value #MAX_MESSAGE_CHARS} characters.
   */
  public static String oneLine(String message) {
    if (message == null) return null;
    StringBuilder b = new StringBuilder();
    for (String line : message.split("\\R")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("See http")) continue;
      if (b.length() > 0) b.append(' ');
      b.append(t);
    }
    if (b.length() > MAX_MESSAGE_CHARS) {
      b.setLength(MAX_MESSAGE_CHARS);
      b.append('…');
    }
    return b.toString();
  }
}
