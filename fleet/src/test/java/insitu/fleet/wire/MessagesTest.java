package insitu.fleet.wire;

import static org.junit.jupiter.api.Assertions.*;

import insitu.errors.UsageException;
import org.junit.jupiter.api.Test;

class MessagesTest {
  @Test
  void everyMessageSurvivesItsOwnEncoding() {
    byte[] artifact = {1, 2, 3, 10, 0, (byte) 255};
    Deployment d = Deployment.of(42, artifact, 2, 7);
    Deployment d2 = Deployment.from(Envelope.decode(d.toEnvelope().encode()));
    assertEquals(d.sha256(), d2.sha256());
    assertEquals(42, d2.rollout());
    assertEquals(2, d2.adaptEpochs());
    assertEquals(7, d2.round());
    assertArrayEquals(artifact, d2.artifact());

    RoundRequest r = RoundRequest.from(Envelope.decode(new RoundRequest(9, d.sha256(), 3).toEnvelope().encode()));
    assertEquals(new RoundRequest(9, d.sha256(), 3), r);

    RoundResult res = RoundResult.from(Envelope.decode(new RoundResult("dev-1", 9, d.sha256(), 400, 3, 0.9, Double.NaN, artifact)
        .toEnvelope().encode()));
    assertEquals(400, res.samples());
    assertTrue(Double.isNaN(res.accuracyAfter()), "NaN travels as null");

    DeviceStatus s = new DeviceStatus("dev-1", "g", DeviceStatus.State.REFUSED, d.sha256(), 42, 9, 0.93, 100, 400, 5, 6, 1,
        new DeviceStatus.Health(true, 3, "ok", 0, 2), "2026-01-01T00:00:00Z", new DeviceStatus.Refusal(d.sha256(), 43, "bad signature"), null,
        true, new ServiceReport("digits", true, 12, 340, 50, 1, 0));
    assertEquals(s, DeviceStatus.from(Envelope.decode(s.toEnvelope().encode())));
    assertEquals(new Presence("dev-1", false), Presence.from(Envelope.decode(new Presence("dev-1", false).toEnvelope().encode())));
  }

  @Test
  void aBodyThatDoesNotMatchItsDigestIsRefused() {
    Envelope e = Deployment.of(1, new byte[] {1, 2, 3}, 0, 0).toEnvelope();
    Envelope forged = new Envelope(e.header(), new byte[] {1, 2, 4});
    assertThrows(WireException.class, () -> Deployment.from(forged));
  }

  @Test
  void topicsFollowTheScheme() {
    Topics t = new Topics("plant-a");
    assertEquals("insitu/plant-a/deploy", t.deploy());
    assertEquals("insitu/plant-a/device/dev-7/status", t.status("dev-7"));
    assertEquals("dev-7", t.deviceOf("insitu/plant-a/device/dev-7/result/part/3"));
    assertEquals("status", t.kindOf(t.status("dev-7")));
    assertNull(t.deviceOf(t.deploy()));
    assertTrue(t.isProbe(t.probe("c1")));
    for (String bad : new String[] {"a/b", "+", "#", "", "-x", "x y"})
      assertThrows(UsageException.class, () -> new Topics(bad), bad);
    assertThrows(UsageException.class, () -> t.status("dev/1"));
  }
}
