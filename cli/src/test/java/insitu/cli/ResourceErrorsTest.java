package insitu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceErrorsTest {
  @TempDir Path tmp;

  private static String stderrOf(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return buf.toString();
  }

  @Test void outOfMemoryIsOneLineWithTheModelsSizeAndTheOption() throws Exception {
    Path model = Files.write(tmp.resolve("big.onnx"), new byte[3_000_000]);
    String[] args = {"compile", model.toString(), "--target", "sim:paper", "-o", "m.xbar"};
    int[] exit = new int[1];
    String err = stderrOf(() -> exit[0] = ResourceErrors.guarded(args, () -> {
      throw new OutOfMemoryError("Java heap space");
    }));
    assertEquals(3, exit[0]);
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.contains("out of memory with " + model + " (3.0 MB)"), err);
    assertTrue(err.contains("INSITU_JAVA_OPTS=-Xmx"), err);
    assertFalse(err.contains("\tat "), err);
  }

  @Test void stackOverflowIsOneLineToo() {
    String[] args = {"compile", "deep.onnx"};
    int[] exit = new int[1];
    String err = stderrOf(() -> exit[0] = ResourceErrors.guarded(args, () -> {
      throw new StackOverflowError();
    }));
    assertEquals(3, exit[0]);
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.contains("ran out of stack") && err.contains("-Xss"), err);
  }

  @Test void theHeapSuggestionGrowsWithTheCurrentLimit() {
    assertTrue(ResourceErrors.message(new OutOfMemoryError(), new String[0], 256L << 20).contains("-Xmx2g"));
    assertTrue(ResourceErrors.message(new OutOfMemoryError(), new String[0], 3L << 30).contains("-Xmx8g"));
  }
}
