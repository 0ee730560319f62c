package insitu.fleet;

import insitu.errors.InsituException;

/** The broker cannot be reached, refused the login, or refused a subscription or publish. Exit code 4. */
public class BrokerException extends InsituException {
  private final boolean retryable;

  public BrokerException(String message) {
    this(message, null, false);
  }

  public BrokerException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /** @param retryable the broker was unreachable or slow; trying again later may work (a refused login will not) */
  public BrokerException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }

  @Override public int exitCode() {
    return 4;
  }
}
