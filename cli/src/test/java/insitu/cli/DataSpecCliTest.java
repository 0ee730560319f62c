package insitu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.sdk.data.NpyDtype;
import insitu.sdk.data.NpyWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad data specs and files end the command with exit 3 and one line naming what is wrong. */
class DataSpecCliTest {
  @TempDir Path tmp;

  private static void assertRefused(CliRun r, String... mentions) {
    assertEquals(3, r.exit(), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    String[] lines = r.err().strip().split("\n");
    String last = lines[lines.length - 1];
    assertTrue(last.startsWith("insitu: "), r.err());
    for (String m : mentions) assertTrue(last.contains(m), "the error line mentions " + m + ": " + r.err());
  }

  private static CliRun eval(String data) {
    return CliRun.of("eval", "--model", "paper-cnn", "--data", data, "--board", "sim:ideal", "--program", "exact");
  }

  /** Ten 1×8×8 float32 samples and their int64 labels. */
  private String npy(double[] labels) {
    Path x = tmp.resolve("x.npy"), y = tmp.resolve("y.npy");
    double[] values = new double[labels.length * 64];
    for (int k = 0; k < values.length; k++) values[k] = (k % 7) / 7.0;
    NpyWriter.write(x, new int[] {labels.length, 1, 8, 8}, NpyDtype.FLOAT32, ByteOrder.LITTLE_ENDIAN, values);
    NpyWriter.write(y, new int[] {labels.length}, NpyDtype.INT64, ByteOrder.LITTLE_ENDIAN, labels);
    return "npy:" + x + "," + y;
  }

  private static byte[] images(int declared, int actual) {
    ByteBuffer b = ByteBuffer.allocate(16 + actual * 64);
    b.putInt(0x803).putInt(declared).putInt(8).putInt(8);
    return b.array();
  }

  private static byte[] labels(int n) {
    ByteBuffer b = ByteBuffer.allocate(8 + n);
    b.putInt(0x801).putInt(n);
    return b.array();
  }

  /** An IDX directory of 8×8 images whose test images file declares {@code declared} images and holds {@code actual}. */
  private Path idx(int declared, int actual) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("idx"));
    Files.write(dir.resolve("train-images-idx3-ubyte"), images(4, 4));
    Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(4));
    Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(declared, actual));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(actual));
    return dir;
  }

  @Test
  void aLabelBeyondTheModelsOutputsIsRefusedByEvalAndTrain() {
    String data = npy(new double[] {0, 1, 2, 3, 200, 5, 6, 7, 8, 9});
    assertRefused(eval(data), "label 200 of sample 4", "10 outputs");
    assertRefused(CliRun.of("train", "--model", "paper-cnn", "--data", data, "--board", "sim:ideal", "--epochs", "0", "--out",
        tmp.resolve("run").toString()), "label 200 of sample 4");
  }

  @Test
  void aHeaderDeclaringTwoBillionImagesIsRefused() throws IOException {
    Path dir = idx(2_000_000_000, 3);
    assertRefused(eval("idx:" + dir), "t10k-images-idx3-ubyte", "rows 8 makes 16000000000 values, more than one array can hold");
    Path narrow = Files.createDirectories(tmp.resolve("narrow"));
    for (String f : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-labels-idx1-ubyte"}) {
      Files.copy(dir.resolve(f), narrow.resolve(f));
    }
    ByteBuffer lie = ByteBuffer.allocate(16 + 3 * 64).putInt(0x803).putInt(30_000_000).putInt(8).putInt(8);
    Files.write(narrow.resolve("t10k-images-idx3-ubyte"), lie.array());
    assertRefused(eval("idx:" + narrow), "t10k-images-idx3-ubyte: truncated, header promises 1920000000 data bytes, found 192");
  }

  @Test
  void anEmptyTestSplitIsRefused() throws IOException {
    assertRefused(eval("idx:" + idx(0, 0)), "t10k-images-idx3-ubyte", "image count is 0");
  }

  @Test
  void aDirectoryOrADeviceWhereADataFileBelongsIsRefused() throws IOException {
    String data = npy(new double[] {0, 1});
    Path dirX = Files.createDirectory(tmp.resolve("dir.npy"));
    assertRefused(eval("npy:" + dirX + "," + tmp.resolve("y.npy")), "dir.npy: is a directory");
    if (Files.exists(Path.of("/dev/zero"))) {
      assertRefused(eval(data.replace(tmp.resolve("y.npy").toString(), "/dev/zero")), "/dev/zero: not a regular file");
    }
  }

  @Test
  void nonFiniteInputsAndUnusableFileNamesAreRefused() throws IOException {
    Path x = tmp.resolve("nan.npy");
    double[] values = new double[2 * 64];
    values[64 + 5] = Double.NaN;
    NpyWriter.write(x, new int[] {2, 1, 8, 8}, NpyDtype.FLOAT32, ByteOrder.LITTLE_ENDIAN, values);
    String data = npy(new double[] {0, 1});
    assertRefused(eval("npy:" + x + "," + tmp.resolve("y.npy")), "nan.npy: sample 1 holds NaN");
    assertRefused(eval(data.replace("x.npy", "x\ud800.npy")), "not a usable file name");
  }
}
