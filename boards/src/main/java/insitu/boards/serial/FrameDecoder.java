package insitu.boards.serial;

import insitu.boards.protocol.Frame;
import insitu.boards.protocol.NakCode;
import insitu.boards.protocol.ProtocolException;

/**
 * Turns a byte stream into frames. Bytes accumulate until a 0x00 delimiter; a block that is not
 * valid COBS, fails its CRC or is too long is reported and dropped, and decoding resumes at the
 * next delimiter. It never throws and never allocates more than one maximal frame.
 */
public final class FrameDecoder {
  /** Receives decoded frames and errors, in stream order. */
  public interface Listener {
    void onFrame(Frame frame);

    void onError(ProtocolException error);
  }

  private final byte[] encoded;
  private final byte[] decoded;
  private int fill;
  private boolean discarding;
  private long crcErrors, malformed, resyncs, frames;

  /** @param maxPayloadBytes largest payload accepted; longer frames are dropped as garbage */
  public FrameDecoder(int maxPayloadBytes) {
    int raw = Frame.HEADER_BYTES + maxPayloadBytes + Frame.CRC_BYTES;
    encoded = new byte[Cobs.maxEncodedLength(raw)];
    decoded = new byte[encoded.length];
  }

  public void feed(byte[] buf, int off, int len, Listener listener) {
    for (int i = off; i < off + len; i++) {
      byte b = buf[i];
      if (b == 0) {
        if (discarding) discarding = false;
        else if (fill > 0) finish(listener);
        fill = 0;
      } else if (!discarding) {
        if (fill == encoded.length) {
          // Too long to be a frame: a lost delimiter glued frames together. Skip to the next one.
          discarding = true;
          resyncs++;
          malformed++;
          listener.onError(new ProtocolException(NakCode.BAD_LENGTH, "frame longer than " + encoded.length + " bytes"));
        } else {
          encoded[fill++] = b;
        }
      }
    }
  }

  private void finish(Listener listener) {
    int n = Cobs.decode(encoded, fill, decoded);
    if (n < 0) {
      malformed++;
      resyncs++;
      listener.onError(new ProtocolException(NakCode.BAD_CRC, "invalid COBS block of " + fill + " bytes"));
      return;
    }
    try {
      Frame f = FrameCodec.parse(decoded, n);
      frames++;
      listener.onFrame(f);
    } catch (ProtocolException e) {
      if (e.nak() == NakCode.BAD_CRC) crcErrors++;
      else malformed++;
      resyncs++;
      listener.onError(e);
    }
  }

  public long crcErrors() { return crcErrors; }
  public long malformedFrames() { return malformed; }
  /** Times the decoder dropped bytes and restarted at the next delimiter. */
  public long resyncs() { return resyncs; }
  public long frames() { return frames; }
}
