package insitu.fleet.wire;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PartsTest {
  private static Envelope message(int bytes, long seed) {
    byte[] body = new byte[bytes];
    new SplittableRandom(seed).nextBytes(body);
    JsonObject h = new JsonObject();
    h.addProperty("type", "deploy");
    h.addProperty("rollout", seed);
    return new Envelope(h, body);
  }

  private static Envelope offer(PartAssembler a, Parts.Outgoing o) {
    return a.offer(o.topic(), Envelope.decode(o.payload()));
  }

  @Test
  void smallMessagesTravelWhole() {
    Envelope m = message(100, 1);
    List<Parts.Outgoing> out = Parts.split("insitu/g/deploy", m, 1000);
    assertEquals(1, out.size());
    assertEquals("insitu/g/deploy", out.get(0).topic());
    Envelope back = new PartAssembler(1 << 20).offer("insitu/g/deploy", Envelope.decode(out.get(0).payload()));
    assertArrayEquals(m.body(), back.body());
    assertEquals(m.header(), back.header());
  }

  @Test
  void partsArrivingShuffledAndTwiceGiveTheMessageOnce() {
    Envelope m = message(10_000, 2);
    List<Parts.Outgoing> out = new ArrayList<>(Parts.split("insitu/g/deploy", m, 999));
    assertEquals(11, out.size());
    assertEquals("insitu/g/deploy/part/10", out.get(10).topic());
    List<Parts.Outgoing> arrivals = new ArrayList<>(out);
    arrivals.addAll(out.subList(3, 7)); // duplicate deliveries
    Collections.shuffle(arrivals, new java.util.Random(5));
    PartAssembler a = new PartAssembler(1 << 20);
    int complete = 0;
    Envelope whole = null;
    for (Parts.Outgoing o : arrivals) {
      Envelope e = offer(a, o);
      if (e != null) {
        complete++;
        whole = e;
      }
    }
    // Duplicates that arrive after completion start a new (never finished) copy; the message itself completes once.
    assertTrue(complete >= 1);
    assertArrayEquals(m.body(), whole.body());
    assertEquals(m.header(), whole.header(), "part fields are removed again");
  }

  @Test
  void aStalePartOfAnOlderMessageDoesNotLoseTheNewOne() {
    List<Parts.Outgoing> older = Parts.split("t", message(3000, 3), 1000), newer = Parts.split("t", message(3000, 4), 1000);
    PartAssembler a = new PartAssembler(1 << 20);
    assertNull(offer(a, newer.get(2)));
    assertNull(offer(a, older.get(1)));
    assertNull(offer(a, newer.get(1)));
    Envelope e = offer(a, newer.get(0));
    assertNotNull(e);
    assertEquals(4, e.header().get("rollout").getAsLong());
  }

  @Test
  void declaredSizeAboveTheLimitIsRefusedBeforeAllocating() {
    List<Parts.Outgoing> out = Parts.split("t", message(5000, 6), 1000);
    PartAssembler small = new PartAssembler(4000);
    WireException e = assertThrows(WireException.class, () -> offer(small, out.get(0)));
    assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
  }

  @Test
  void aCorruptPartIsCaughtByTheBodyDigest() {
    List<Parts.Outgoing> out = Parts.split("t", message(3000, 7), 1000);
    PartAssembler a = new PartAssembler(1 << 20);
    offer(a, out.get(0));
    offer(a, out.get(1));
    byte[] bad = out.get(2).payload().clone();
    bad[bad.length - 1] ^= 1;
    assertThrows(WireException.class, () -> a.offer("t/part/2", Envelope.decode(bad)));
  }

  @Test
  void malformedHeadersAreWireErrors() {
    assertThrows(WireException.class, () -> Envelope.decode("not json".getBytes()));
    assertThrows(WireException.class, () -> Envelope.decode("[1,2]".getBytes()));
    byte[] huge = new byte[Envelope.MAX_HEADER_BYTES + 10];
    java.util.Arrays.fill(huge, (byte) 'x');
    assertThrows(WireException.class, () -> Envelope.decode(huge));
    assertEquals("insitu/g/deploy", Parts.baseTopic("insitu/g/deploy/part/12"));
    assertEquals("insitu/g/x/part/y", Parts.baseTopic("insitu/g/x/part/y"));
  }
}
