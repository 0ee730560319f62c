package insitu.fleet.wire;

import com.google.gson.JsonObject;
import insitu.compiler.artifact.Sha256;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Puts split messages back together ({@link Parts}). Keeps the two newest incomplete messages per
 * topic, so a stale part arriving late does not throw away the parts of a newer message. The
 * declared size is checked against a limit before the buffer is allocated, and the whole body
 * against its digest before it is handed on. Thread-safe.
 */
public final class PartAssembler {
  private static final int PENDING_PER_TOPIC = 2;
  private final long maxBodyBytes;
  private final Map<String, Deque<Pending>> pending = new HashMap<>();

  /** @param maxBodyBytes largest message body accepted (e.g. 64 MiB on a Pi) */
  public PartAssembler(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  private static final class Pending {
    final String digest;
    final JsonObject header;
    final byte[] body;
    final BitSet got;
    final int parts;
    int received;

    Pending(String digest, JsonObject header, int bytes, int parts) {
      this.digest = digest;
      this.header = header;
      this.body = new byte[bytes];
      this.got = new BitSet(parts);
      this.parts = parts;
    }
  }

  /**
   * Offers one received payload. Returns the whole message when it is complete (a message that was
   * never split is complete at once), else null.
   */
  public synchronized Envelope offer(String topic, Envelope part) {
    JsonObject h = part.header();
    if (!Parts.isPart(h)) return part;
    int parts = Fields.intg(h, "parts", 1, Parts.MAX_PARTS);
    int index = Fields.intg(h, "part", 0, parts - 1);
    long bytes = Fields.lng(h, "bytes");
    if (bytes < 0 || bytes > maxBodyBytes) throw new WireException("message of " + bytes + " bytes exceeds the limit of " + maxBodyBytes);
    long offset = Fields.lng(h, "offset");
    if (offset < 0 || offset + part.body().length > bytes) throw new WireException("part " + index + " lies outside the message");
    String digest = Fields.sha256(h, "body_sha256");
    String base = Parts.baseTopic(topic);
    Deque<Pending> queue = pending.computeIfAbsent(base, k -> new ArrayDeque<>());
    Pending p = null;
    for (Pending q : queue) if (q.digest.equals(digest)) p = q;
    if (p == null) {
      if (queue.size() == PENDING_PER_TOPIC) queue.removeFirst();
      p = new Pending(digest, Parts.messageHeader(h), (int) bytes, parts);
      queue.addLast(p);
    }
    if (p.parts != parts || p.body.length != bytes) throw new WireException("parts of one message disagree on its size");
    if (!p.got.get(index)) {
      System.arraycopy(part.body(), 0, p.body, (int) offset, part.body().length);
      p.got.set(index);
      p.received++;
    }
    if (index == 0) {
      // Part 0's header is the message's own (later parts repeat it; keep the canonical one).
      JsonObject mh = Parts.messageHeader(h);
      for (String k : mh.keySet()) p.header.add(k, mh.get(k));
    }
    if (p.received < p.parts) return null;
    for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) if (it.next() == p) it.remove();
    if (!Sha256.hex(p.body).equals(digest)) throw new WireException("reassembled message does not match its body_sha256");
    return new Envelope(p.header, p.body);
  }
}
