package insitu.errors;

/** A model, data set, artifact or checkpoint that cannot be used as given. Exit code 3. */
public class BadInputException extends InsituException {
  public BadInputException(String message) { super(message, null); }
  public BadInputException(String message, Throwable cause) { super(message, cause); }
  @Override public int exitCode() { return 3; }
}
