package insitu.compiler.onnx;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.fail;

import insitu.errors.BadInputException;
import insitu.testing.HangGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Corrupted files must fail with BadInputException (or read fine), never crash or hang (a generous timeout detects a hang). */
@HangGuard
class OnnxReaderFuzzTest {
  private static final int MUTATIONS = 2000;

  @Test
  void mutatedModelsGiveBadInputOrAModelNeverAnotherException() throws IOException {
    byte[] original = Files.readAllBytes(Fixtures.model("paper_cnn"));
    Random random = new Random(20240601L);
    assertDoesNotThrow(() -> {
      for (int k = 0; k < MUTATIONS; k++) {
        byte[] bytes = mutate(original, random);
        try {
          OnnxModel m = OnnxReader.read(bytes, "fuzz" + k + ".onnx");
          decodeEverything(m.graph());
        } catch (BadInputException expected) {
          // the one allowed failure
        } catch (Throwable other) {
          fail("mutation " + k + " threw " + other, other);
        }
      }
    });
  }

  /** One to four edits: overwrite a byte, flip a bit, cut the tail, or insert a long varint. */
  private static byte[] mutate(byte[] original, Random random) {
    byte[] bytes = original.clone();
    for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
      int at = random.nextInt(bytes.length);
      switch (random.nextInt(4)) {
        case 0 -> bytes[at] = (byte) random.nextInt(256);
        case 1 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
        case 2 -> bytes = Arrays.copyOf(bytes, Math.max(1, at));
        default -> {
          // A huge length prefix (0x7FFFFFF0) where a length may be expected.
          byte[] huge = {(byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
          byte[] grown = new byte[bytes.length + huge.length];
          System.arraycopy(bytes, 0, grown, 0, at);
          System.arraycopy(huge, 0, grown, at, huge.length);
          System.arraycopy(bytes, at, grown, at + huge.length, bytes.length - at);
          bytes = grown;
        }
      }
    }
    return bytes;
  }

  /** What a caller does next with a model that read fine: decode its tensors, walk subgraphs. */
  private static void decodeEverything(OnnxGraph g) {
    for (OnnxTensor t : g.initializers()) decode(t);
    for (OnnxNode n : g.nodes()) {
      for (OnnxAttribute a : n.attributes().values()) {
        if (a.t() != null) decode(a.t());
        if (a.g() != null) decodeEverything(a.g());
      }
    }
  }

  private static void decode(OnnxTensor t) {
    try {
      t.toDoubles();
    } catch (BadInputException unsupportedType) {
      // fine: e.g. a mutated data_type this version does not decode
    }
  }
}
