package insitu.boards.serial;

import insitu.boards.protocol.Frame;
import insitu.boards.protocol.FrameType;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a message payload into numbered frames of at most the negotiated payload size, and
 * reassembles them. Parts must arrive in order; a gap discards the message, because the sender
 * resends the whole message (the frames of one message always travel together).
 */
public final class Parts {
  private Parts() {}

  public static List<Frame> split(FrameType type, int seq, long epoch, int opcode, byte[] payload, int maxPayloadBytes) {
    List<Frame> out = new ArrayList<>();
    int parts = Math.max(1, (payload.length + maxPayloadBytes - 1) / maxPayloadBytes);
    for (int p = 0; p < parts; p++) {
      int from = p * maxPayloadBytes, to = Math.min(payload.length, from + maxPayloadBytes);
      out.add(new Frame(type, seq, epoch, opcode, p == parts - 1, p, Arrays.copyOfRange(payload, from, to)));
    }
    return out;
  }

  /** Collects the parts of one message (same type, seq, epoch and opcode). */
  public static final class Assembly {
    private final long maxBytes;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Frame first;
    private int nextPart;

    /** @param maxBytes largest message accepted; a longer one is dropped */
    public Assembly(long maxBytes) {
      this.maxBytes = maxBytes;
    }

    /**
     * Adds a frame.
     *
     * @return the whole payload when this was the last part, else null
     * @throws IllegalStateException never; out-of-order or oversize parts just reset the assembly
     */
    public byte[] add(Frame f) {
      if (f.part() == 0) {
        reset();
        first = f;
      } else if (first == null || f.part() != nextPart || f.seq() != first.seq() || f.epoch() != first.epoch()
          || f.opcode() != first.opcode() || f.type() != first.type()) {
        reset();
        return null;
      }
      if (bytes.size() + (long) f.payload().length > maxBytes) {
        reset();
        return null;
      }
      bytes.write(f.payload(), 0, f.payload().length);
      nextPart = f.part() + 1;
      if (!f.lastPart()) return null;
      byte[] whole = bytes.toByteArray();
      reset();
      return whole;
    }

    /** The header of the message being assembled (its first part), or null. */
    public Frame first() {
      return first;
    }

    public void reset() {
      bytes.reset();
      first = null;
      nextPart = 0;
    }
  }
}
