package insitu.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Zip files taken apart and put together again in memory, and the directory lies a hostile zip tells. */
public final class ZipBytes {
  private ZipBytes() {}

  public static Map<String, byte[]> entries(byte[] zip) throws IOException {
    Map<String, byte[]> m = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) m.put(e.getName(), in.readAllBytes());
    }
    return m;
  }

  /** Every entry deflated, in map order. */
  public static byte[] zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  /** Rewrites the uncompressed size the central directory gives for {@code name}: the zip now lies about it. */
  public static byte[] lieAboutSize(byte[] zip, String name, int size) {
    byte[] b = zip.clone();
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i + 46 <= b.length; i++) {
      if (buf.getInt(i) != 0x02014b50) continue; // central directory file header
      int nameLength = buf.getShort(i + 28) & 0xFFFF;
      if (nameLength == n.length && java.util.Arrays.equals(b, i + 46, i + 46 + n.length, n, 0, n.length)) {
        buf.putInt(i + 24, size);
        return b;
      }
    }
    throw new IllegalArgumentException("no directory entry " + name);
  }
}
