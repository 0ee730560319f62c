package insitu.compiler.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Minimal reader for the .npy files the fixture script writes (little-endian float32 or int64,
 * C order), so tests can compare against PyTorch independently of the ONNX reader.
 */
record Npy(String dtype, long[] shape, double[] values) {
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  static Npy read(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int major = b.get(6);
    int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
    int headerStart = major == 1 ? 10 : 12;
    String header = new String(b.array(), headerStart, headerLength, StandardCharsets.US_ASCII);
    if (header.contains("'fortran_order': True")) throw new IOException("Fortran order: " + file);
    Matcher d = DESCR.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !s.find()) throw new IOException("bad npy header in " + file);
    String[] parts = s.group(1).split(",");
    long[] shape = java.util.Arrays.stream(parts).map(String::trim).filter(p -> !p.isEmpty())
        .mapToLong(Long::parseLong).toArray();
    long count = 1;
    for (long n : shape) count *= n;
    double[] values = new double[(int) count];
    b.position(headerStart + headerLength);
    for (int k = 0; k < values.length; k++) {
      values[k] = switch (d.group(1)) {
        case "<f4" -> b.getFloat();
        case "<i8" -> b.getLong();
        case "<f8" -> b.getDouble();
        default -> throw new IOException("unsupported npy dtype " + d.group(1));
      };
    }
    return new Npy(d.group(1), shape, values);
  }
}
