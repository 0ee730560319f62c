package insitu.errors;

import insitu.errors.InsituException;

/** A board or link failure: the command did not complete. The CLI maps it to exit code 4. */
public class BoardException extends InsituException {
  public BoardException(String message) { super(message, null); }
  public BoardException(String message, Throwable cause) { super(message, cause); }
  @Override public int exitCode() { return 4; }
}
