package insitu.boards.protocol;

/**
 * Bytes that are not a valid frame or message. The only exception the decoders throw; receivers
 * count it, drop the frame and carry on (the board answers a NAK when it can).
 */
public final class ProtocolException extends Exception {
  private final NakCode nak;

  public ProtocolException(NakCode nak, String message) {
    super(message, null, false, false); // no stack trace: thrown on every damaged frame
    this.nak = nak;
  }

  /** The NAK a board sends for this error. */
  public NakCode nak() { return nak; }
}
