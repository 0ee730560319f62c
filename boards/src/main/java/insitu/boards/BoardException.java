package insitu.boards;

/** A board or link failure: the command did not complete. The CLI maps it to exit code 4. */
public class BoardException extends RuntimeException {
  public BoardException(String message) { super(message); }
  public BoardException(String message, Throwable cause) { super(message, cause); }
}
