package insitu.errors;


/** The command line names something that does not exist (a model, data set, board, option value). Exit code 2. */
public class UsageException extends InsituException {
  public UsageException(String message) {
    super(message, null);
  }

  @Override public int exitCode() {
    return 2;
  }
}
