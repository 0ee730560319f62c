package insitu.fleet;

import static org.junit.jupiter.api.Assertions.*;

import insitu.errors.BadInputException;
import insitu.errors.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerSettingsTest {
  @TempDir Path tmp;

  @Test
  void brokerUrlsHaveTwoSchemesAndDefaultPorts() {
    assertEquals(new BrokerAddress(false, "10.0.0.5", 1883), BrokerAddress.parse("mqtt://10.0.0.5"));
    assertEquals(new BrokerAddress(true, "broker.example", 8883), BrokerAddress.parse("mqtts://broker.example"));
    assertEquals("tcp://h:1999", BrokerAddress.parse("mqtt://h:1999").clientUri());
    assertEquals("ssl://h:8883", BrokerAddress.parse("mqtts://h").clientUri());
    for (String bad : new String[] {"http://h", "h:1883", "mqtt://user:pw@h", "mqtt://h/x", "mqtt://h:0"})
      assertThrows(UsageException.class, () -> BrokerAddress.parse(bad), bad);
  }

  @Test
  void thePasswordIsTheFirstLineOfItsFileAndNeverPrinted() throws Exception {
    Path f = tmp.resolve("pw");
    Files.writeString(f, "s3cret\r\nignored\n");
    BrokerLogin l = BrokerLogin.of("{id}", f);
    assertArrayEquals("s3cret".getBytes(), l.password());
    assertFalse(l.toString().contains("s3cret"));
    assertEquals("dev-7", l.forDevice("dev-7").username());
    assertNull(BrokerLogin.of(null, null));
    assertThrows(UsageException.class, () -> BrokerLogin.of(null, f));
    Files.writeString(f, "\n");
    assertThrows(BadInputException.class, () -> BrokerLogin.of("u", f));
    assertThrows(BadInputException.class, () -> BrokerLogin.of("u", tmp.resolve("missing")));
  }
}
