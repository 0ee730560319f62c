package insitu.boards.serial;

import insitu.errors.BoardException;
import insitu.boards.protocol.Message.Nak;

/** The board refused a command; it executed none of it. */
public final class NakException extends BoardException {
  private final transient Nak nak;

  public NakException(String command, Nak nak) {
    super("board refused " + command + ": " + nak.describe());
    this.nak = nak;
  }

  public Nak nak() { return nak; }
}
