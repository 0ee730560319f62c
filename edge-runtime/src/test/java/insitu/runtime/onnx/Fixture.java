package insitu.runtime.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PyTorch-exported fixtures of the compiler module (compiler/src/test/resources/fixtures),
 * read from the source tree so they are not duplicated; plus a minimal .npy reader.
 */
final class Fixture {
  private Fixture() {}

  static Path dir() {
    Path base = Path.of(System.getProperty("user.dir"));
    for (Path p : new Path[] {base.resolve("../compiler/src/test/resources/fixtures"), base.resolve("compiler/src/test/resources/fixtures")})
      if (Files.isDirectory(p)) return p.normalize();
    throw new IllegalStateException("cannot find compiler/src/test/resources/fixtures from " + base);
  }

  static Path model(String name) {
    return dir().resolve(name + ".onnx");
  }

  /** A float32/float64/int64 C-order array. */
  record Npy(long[] shape, double[] values) {
    int[] sampleShape() {
      return Arrays.stream(shape).skip(1).mapToInt(v -> (int) v).toArray();
    }
  }

  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  static Npy npy(String file) throws IOException {
    return npy(dir().resolve(file));
  }

  /** The op-family fixtures (compiler/src/test/resources/onnx-families). */
  static Path families() {
    return dir().resolveSibling("onnx-families");
  }

  static Npy npy(Path path) throws IOException {
    String file = path.getFileName().toString();
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
    int major = b.get(6);
    int len = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
    int start = major == 1 ? 10 : 12;
    String header = new String(b.array(), start, len, StandardCharsets.US_ASCII);
    Matcher d = DESCR.matcher(header), s = SHAPE.matcher(header);
    if (!d.find() || !s.find()) throw new IOException("bad npy header in " + file);
    long[] shape = Arrays.stream(s.group(1).split(",")).map(String::trim).filter(p -> !p.isEmpty()).mapToLong(Long::parseLong).toArray();
    int n = (int) Arrays.stream(shape).reduce(1, (x, y) -> x * y);
    double[] v = new double[n];
    b.position(start + len);
    for (int k = 0; k < n; k++) {
      v[k] = switch (d.group(1)) {
        case "<f4" -> b.getFloat();
        case "<f8" -> b.getDouble();
        case "<i8" -> b.getLong();
        default -> throw new IOException("unsupported dtype " + d.group(1));
      };
    }
    return new Npy(shape, v);
  }
}
