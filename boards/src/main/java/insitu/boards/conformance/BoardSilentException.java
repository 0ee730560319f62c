package insitu.boards.conformance;

import insitu.errors.BoardException;

/** The board sent nothing at all for the whole silence budget: it is hung or not connected. */
public final class BoardSilentException extends BoardException {
  public BoardSilentException(String message) {
    super(message);
  }
}
