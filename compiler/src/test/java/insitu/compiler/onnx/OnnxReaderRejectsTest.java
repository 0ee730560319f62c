package insitu.compiler.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.errors.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxReaderRejectsTest {
  @TempDir Path dir;

  private BadInputException rejectFile(String fileName, byte[] bytes) throws IOException {
    Path file = dir.resolve(fileName);
    Files.write(file, bytes);
    BadInputException e = assertThrows(BadInputException.class, () -> OnnxReader.read(file));
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e;
  }

  @Test
  void rejectsTruncatedModel() throws IOException {
    byte[] whole = Files.readAllBytes(Fixtures.model("paper_cnn"));
    var e = rejectFile("half.onnx", Arrays.copyOf(whole, whole.length / 2));
    assertTrue(e.getMessage().contains("truncated protobuf at byte"), e.getMessage());
    assertTrue(e.getMessage().endsWith("not a complete ONNX model"), e.getMessage());
  }

  @Test
  void rejectsEveryTruncationOfTheSmallModels() throws IOException {
    for (String name : new String[] {"paper_cnn", "unsupported_op"}) {
      byte[] whole = Files.readAllBytes(Fixtures.model(name));
      for (int length = 0; length < whole.length; length++) {
        byte[] prefix = Arrays.copyOf(whole, length);
        assertThrows(BadInputException.class, () -> OnnxReader.read(prefix, name), "length " + length);
      }
    }
  }

  @Test
  void rejectsEmptyFile() throws IOException {
    var e = rejectFile("empty.onnx", new byte[0]);
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void rejectsRandomBytes() throws IOException {
    Random random = new Random(42);
    for (int k = 0; k < 20; k++) {
      byte[] bytes = new byte[1 + random.nextInt(4000)];
      random.nextBytes(bytes);
      rejectFile("random" + k + ".onnx", bytes);
    }
  }

  @Test
  void rejectsTextAndPngWithAClearReason() throws IOException {
    rejectFile("notes.onnx", "hello, this is not a neural network\n".getBytes(StandardCharsets.UTF_8));
    var png = rejectFile("digit.onnx", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
    assertTrue(png.getMessage().contains("PNG"), png.getMessage());
    var zip = rejectFile("model.onnx", new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0});
    assertTrue(zip.getMessage().contains("zip"), zip.getMessage());
  }

  @Test
  void rejectsMissingFile() {
    Path missing = dir.resolve("nope.onnx");
    var e = assertThrows(BadInputException.class, () -> OnnxReader.read(missing));
    assertTrue(e.getMessage().startsWith(missing + ": no such file"), e.getMessage());
  }
}
