package insitu.compiler.artifact;

import insitu.compiler.ir.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * A tensor's zip entry, float64 little-endian, made a chunk at a time: its digest, CRC and size
 * first (the manifest lists them, and a stored zip entry needs them before its data), then its
 * bytes. A 100-million-value weight never exists as one 800 MB array.
 */
final class Float64Blob {
  private static final int CHUNK = 8192;

  /** What the manifest and the zip entry header say about a blob. */
  record Summary(String sha256, long crc32, long bytes) {}

  private Float64Blob() {}

  static Summary summarize(Tensor t) {
    MessageDigest sha = sha256();
    CRC32 crc = new CRC32();
    chunks(t, b -> {
      sha.update(b.duplicate());
      crc.update(b);
    });
    return new Summary(HexFormat.of().formatHex(sha.digest()), crc.getValue(), 8L * t.size());
  }

  static void write(Tensor t, OutputStream out) throws IOException {
    try {
      chunks(t, b -> {
        try {
          out.write(b.array(), 0, b.limit());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void chunks(Tensor t, java.util.function.Consumer<ByteBuffer> sink) {
    double[] values = new double[Math.min(CHUNK, t.size())];
    ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int from = 0; from < t.size(); from += values.length) {
      int n = Math.min(values.length, t.size() - from);
      t.read(from, values, 0, n);
      bytes.clear();
      bytes.asDoubleBuffer().put(values, 0, n);
      bytes.limit(8 * n);
      sink.accept(bytes);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
