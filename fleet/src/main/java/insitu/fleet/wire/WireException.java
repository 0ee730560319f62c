package insitu.fleet.wire;

import insitu.errors.BadInputException;

/** A message on the broker that does not follow the fleet's formats (docs/fleet.md); it is dropped and counted. */
public class WireException extends BadInputException {
  public WireException(String message) {
    super(message);
  }
}
