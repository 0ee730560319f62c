package insitu.sdk.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.errors.BadInputException;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded mutations of a small valid bundled-digits stream: a sane set or a one-line refusal, within bounded memory. */
class BundledMnistFuzzTest {
  private static final int MUTATIONS = 60;
  /** The valid content is 6.3 MB; what it may allocate while reading, with room for the stream's buffers. */
  private static final long MAX_ALLOCATED = 24L << 20;
  private static final int DIGITS = BundledMnist.TRAIN_SIZE + 1;

  /** The header "MNST", version 1, count, rows, cols; labels cycling 0..9; blank digits. */
  private static byte[] valid() {
    ByteBuffer b = ByteBuffer.allocate(20 + DIGITS + DIGITS * 784);
    b.put(new byte[] {'M', 'N', 'S', 'T'}).putInt(1).putInt(DIGITS).putInt(28).putInt(28);
    for (int i = 0; i < DIGITS; i++) b.put((byte) (i % 10));
    return b.array();
  }

  private static void sane(BundledMnist m) {
    assertEquals(DIGITS, m.size());
    Dataset test = m.mnist28().test();
    assertEquals(1, test.size());
    for (int l : test.y()) assertTrue(l >= 0 && l < 10);
  }

  @Test
  void mutatedStreamsReadSanelyOrAreRefusedInOneLine() {
    Random random = new Random(41);
    byte[] valid = valid();
    byte[] zipped = DecoderFuzz.gzip(valid);
    for (int k = 0; k < MUTATIONS; k++) {
      byte[] stream = k % 2 == 0 ? DecoderFuzz.gzip(DecoderFuzz.mutate(valid, random, 5)) : DecoderFuzz.mutate(zipped, random, 1);
      DecoderFuzz.check("mnist mutation " + k, () -> BundledMnist.read(new ByteArrayInputStream(stream), "fuzz.bin.gz"),
          BundledMnistFuzzTest::sane, MAX_ALLOCATED);
    }
  }

  @Test
  void aCountBeyondOneArrayIsRefusedBeforeReading() {
    byte[] lie = valid();
    ByteBuffer.wrap(lie).putInt(8, 2_000_000_000);
    BadInputException e = assertThrows(BadInputException.class,
        () -> BundledMnist.read(new ByteArrayInputStream(DecoderFuzz.gzip(lie)), "lie.bin.gz"));
    assertTrue(e.getMessage().startsWith("lie.bin.gz: header says 2000000000 digits of 28×28, expected 8001.."), e.getMessage());
  }
}
