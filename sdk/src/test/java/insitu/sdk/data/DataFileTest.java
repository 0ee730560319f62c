package insitu.sdk.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import insitu.errors.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFileTest {

  @TempDir Path dir;

  /**
   * A FIFO with a writer waiting on it: a reader that wrongly opened it would get valid data (and
   * the test would fail on the missing refusal) instead of blocking forever.
   */
  private Path fifoWithWriter(byte[] content) throws Exception {
    Path fifo = dir.resolve("fifo");
    Process p;
    try {
      p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      if ("true".equals(System.getenv("CI"))) fail("mkfifo is needed for this test under CI: " + e);
      Assumptions.abort("mkfifo not available: " + e);
      return null;
    }
    assertEquals(0, p.waitFor(), "mkfifo " + fifo);
    Thread writer = new Thread(() -> {
      // WRITE alone: a writer that starts after the test has removed the FIFO must not create a
      // regular file in its place (the temporary directory could not be deleted then).
      try (OutputStream out = Files.newOutputStream(fifo, java.nio.file.StandardOpenOption.WRITE)) {
        out.write(content);
      } catch (IOException ignored) {
        // the reader side closed without reading: what a correct refusal leaves behind
      }
    }, "fifo-writer");
    writer.setDaemon(true);
    writer.start();
    return fifo;
  }

  /** Unblocks the waiting writer by opening the FIFO once for reading, on a thread of its own so nothing here can block. */
  private static void release(Path fifo) {
    Thread reader = new Thread(() -> {
      try (InputStream in = Files.newInputStream(fifo)) {
        in.readAllBytes();
      } catch (IOException ignored) {
        // the FIFO is gone with the temporary directory
      }
    }, "fifo-reader");
    reader.setDaemon(true);
    reader.start();
  }

  @Test
  void aFifoWhereAnIdxFileBelongsIsRefusedWithoutOpeningIt() throws Exception {
    byte[] labels = {0, 0, 8, 1, 0, 0, 0, 1, 5};
    Path fifo = fifoWithWriter(labels);
    try {
      BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.readLabels(fifo));
      assertEquals(fifo + ": not a regular file (a FIFO, socket or device?); give a file", e.getMessage());
    } finally {
      release(fifo);
    }
  }

  @Test
  void aFifoWhereAnNpyFileBelongsIsRefusedWithoutOpeningIt() throws Exception {
    byte[] y = NpyWriter.encode(new int[] {1}, NpyDtype.INT64, ByteOrder.LITTLE_ENDIAN, new double[] {1}, 1);
    Path x = dir.resolve("x.npy");
    NpyWriter.writeFloat32(x, new int[] {1, 2}, new double[] {0, 1});
    Path yFile = Files.write(dir.resolve("y.npy"), y);
    Path fifo = fifoWithWriter(y);
    try {
      assertTrue(assertThrows(BadInputException.class, () -> NpyReader.read(fifo)).getMessage().contains("not a regular file"));
      assertTrue(assertThrows(BadInputException.class, () -> NpyReader.readDataset(x, fifo)).getMessage()
          .startsWith(fifo + ": not a regular file"));
      assertTrue(assertThrows(BadInputException.class, () -> NpyReader.readDataset(fifo, yFile)).getMessage()
          .startsWith(fifo + ": not a regular file"));
    } finally {
      release(fifo);
    }
  }

  @Test
  void fileNamesAreShownOnOneLine() {
    assertEquals("a\\u000ab\\ud800c", DataFile.printable("a\nb\ud800c"));
    BadInputException e = assertThrows(BadInputException.class, () -> DataFile.path("bad\u0000name"));
    assertEquals("'bad\\u0000name' is not a usable file name: Nul character not allowed", e.getMessage());
    Path weird = dir.resolve("two\nlines.npy");
    BadInputException missing = assertThrows(BadInputException.class, () -> NpyReader.read(weird));
    assertEquals(dir + "/two\\u000alines.npy: file not found", missing.getMessage());
  }

  @Test
  void contentLengthOfAGzipStopsJustPastTheLimit() throws IOException {
    Path f = Files.write(dir.resolve("z"), DecoderFuzz.gzip(new byte[100_000]));
    DataFile d = DataFile.of(f);
    assertTrue(d.gzipped());
    assertEquals(100_000, d.contentLength(100_000));
    assertEquals(1_001, d.contentLength(1_000));
    Path plain = Files.write(dir.resolve("p"), new byte[10]);
    assertEquals(10, DataFile.of(plain).contentLength(100));
    assertEquals(6, DataFile.of(plain).contentLength(5));
  }
}
