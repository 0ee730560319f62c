package insitu.errors;

/**
 * Root of every error insitu reports to a user. Each subtype carries the CLI exit code of its
 * area; the message is one line that names the file, node, op, cell or command concerned.
 */
public abstract class InsituException extends RuntimeException {
  protected InsituException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Exit code of the command-line tool for this error (see DESIGN.md). */
  public abstract int exitCode();
}
