package insitu.service.protocol;

import java.io.IOException;

/** A request body longer than the service accepts (answered with 413). */
public final class BodyTooLargeException extends IOException {
  public BodyTooLargeException(long limit) {
    super("the request body is larger than " + limit + " bytes (the service's limit)");
  }
}
