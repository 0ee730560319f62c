package insitu.compiler.mapping;

import insitu.errors.BadInputException;

/** The model does not fit the target, or a hand placement is invalid. */
public class MappingException extends BadInputException {
  public MappingException(String message) {
    super(message);
  }
}
