package insitu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What the CLI says for failures no decoder turned into an InsituException: one line, an exit code, never a stack trace. */
class LastResortTest {
  @Test
  void outOfMemoryIsBadInputWithTheWayToGiveTheJvmMore() {
    for (Throwable t : new Throwable[] {new OutOfMemoryError("Java heap space"), new RuntimeException(new OutOfMemoryError())}) {
      LastResort.Outcome o = LastResort.of(t);
      assertEquals(3, o.exitCode());
      assertTrue(o.message().contains("INSITU_JAVA_OPTS=-Xmx"), o.message());
    }
  }

  @Test
  void stackOverflowIsBadInputAndOtherErrorsAreInternal() {
    assertEquals(3, LastResort.of(new StackOverflowError()).exitCode());
    LastResort.Outcome o = LastResort.of(new AssertionError("broken\ninvariant"));
    assertEquals(1, o.exitCode());
    assertFalse(o.message().contains("\n"), o.message());
  }

  @Test
  void gsonsErrorsAreOneLineWithoutTheirLink() {
    JsonParseException e = org.junit.jupiter.api.Assertions.assertThrows(JsonParseException.class, () -> JsonParser.parseString("{\"a\": }"));
    LastResort.Outcome o = LastResort.of(e);
    assertEquals(3, o.exitCode());
    assertFalse(o.message().contains("\n") || o.message().contains("http"), o.message());
  }

  @Test
  void aFileNameThePlatformCannotRepresentIsAUsageError() {
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> Path.of("x\uD800y"));
    LastResort.Outcome o = LastResort.of(e);
    assertEquals(2, o.exitCode());
    assertTrue(o.message().contains("x\\ud800y"), o.message());
  }
}
