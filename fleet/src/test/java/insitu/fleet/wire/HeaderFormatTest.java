package insitu.fleet.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The headers' exact text: field order, NaN and absent values as null (devices of older releases read them). */
class HeaderFormatTest {
  private static final String SHA = "a".repeat(64);

  private static String header(Envelope e) {
    return e.header().toString();
  }

  @Test
  void messagesKeepTheirFieldOrder() {
    assertEquals("{\"type\":\"round\",\"round\":5,\"base_sha256\":\"" + SHA + "\",\"epochs\":7}", header(new RoundRequest(5, SHA, 7).toEnvelope()));
    assertEquals("{\"type\":\"presence\",\"device\":\"d2\",\"online\":false,\"state\":\"offline\"}", header(new Presence("d2", false).toEnvelope()));
    byte[] body = "x".getBytes(StandardCharsets.UTF_8);
    Deployment d = new Deployment(12, SHA, 3, 4, body);
    assertEquals("{\"type\":\"deploy\",\"rollout\":12,\"sha256\":\"" + SHA + "\",\"adapt_epochs\":3,\"round\":4}", header(d.toEnvelope()));
  }

  @Test
  void notANumberAndNullsAreWrittenAsNull() {
    RoundResult r = new RoundResult("d1", 5, SHA, 100, 2, Double.NaN, 0.75, new byte[0]);
    String h = header(r.toEnvelope());
    assertEquals("{\"type\":\"result\",\"device\":\"d1\",\"round\":5,\"base_sha256\":\"" + SHA + "\",\"samples\":100,\"epochs\":2,"
        + "\"accuracy_before\":null,\"accuracy_after\":0.75,\"sha256\":\"" + insitu.compiler.artifact.Sha256.hex(new byte[0]) + "\"}", h);
    DeviceStatus s = new DeviceStatus("d1", null, DeviceStatus.State.RUNNING, null, 3, 2, Double.NaN, 10, 20, 30, 40, 1,
        new DeviceStatus.Health(true, 2, null, 1, 0), null, null, null, false, null);
    assertEquals("{\"type\":\"status\",\"device\":\"d1\",\"group\":null,\"state\":\"running\",\"artifact_sha256\":null,\"rollout\":3,"
        + "\"answered_round\":2,\"accuracy\":null,\"test_samples\":10,\"train_samples\":20,\"pulses\":30,\"reads\":40,\"recalibrations\":1,"
        + "\"health\":{\"calibrated\":true,\"stuck_cells\":2,\"programming\":null,\"board_errors\":1,\"bad_messages\":0},\"last_seen\":null,"
        + "\"refused\":null,\"error\":null,\"restored_from_state\":false,\"service\":null}", s.toJson().toString());
  }
}
