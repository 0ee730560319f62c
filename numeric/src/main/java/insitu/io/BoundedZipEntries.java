package insitu.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads zip entries without trusting their headers: an entry may declare (in the zip directory
 * and in the caller's own manifest) how big it is, and it is refused while it inflates as soon as
 * it gives more than that; sizes no deflate stream of its compressed length could produce are
 * refused before anything is read. The SHA-256 is computed on the way, so a caller can check a
 * digest without a second pass. Memory grows with the bytes that really arrive, never with a
 * declared size.
 */
public final class BoundedZipEntries {
  /** Deflate gives at most about 1032 bytes per compressed byte; a header claiming more lies. */
  private static final long MAX_INFLATION = 1032;
  /** Slack for the headers of tiny deflate streams. */
  private static final long INFLATION_SLACK = 1024;
  private static final int CHUNK = 64 * 1024;

  private BoundedZipEntries() {}

  /** An entry's bytes and their hex SHA-256. */
  public record Entry(byte[] bytes, String sha256) {}

  /** Refusal of one entry; the message names it and says why in one line. */
  public static final class EntryException extends IOException {
    EntryException(String message) {
      super(message);
    }
  }

  /**
   * Reads an entry whole.
   *
   * @param declaredBytes what the caller's manifest says the entry holds, or -1 when it says nothing
   * @param maxBytes the most this entry may hold whatever anyone declares
   */
  public static Entry read(ZipFile zip, String name, long declaredBytes, long maxBytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String sha = stream(zip, name, declaredBytes, maxBytes, out);
    return new Entry(out.toByteArray(), sha);
  }

  /** The hex SHA-256 of an entry, streamed within the same bounds as {@link #read}; nothing is kept. */
  public static String sha256(ZipFile zip, String name, long declaredBytes, long maxBytes) throws IOException {
    return stream(zip, name, declaredBytes, maxBytes, null);
  }

  private static String stream(ZipFile zip, String name, long declaredBytes, long maxBytes, ByteArrayOutputStream keep)
      throws IOException {
    ZipEntry e = zip.getEntry(name);
    if (e == null) throw new EntryException("entry " + name + " is missing");
    long limit = limit(e, name, declaredBytes, maxBytes);
    MessageDigest sha = sha256();
    long total = 0;
    try (InputStream in = zip.getInputStream(e)) {
      byte[] buf = new byte[CHUNK];
      for (int n; (n = in.readNBytes(buf, 0, (int) Math.min(buf.length, limit - total + 1))) > 0; ) {
        total += n;
        if (total > limit) throw new EntryException("entry " + name + " inflates to more than the " + limit + " bytes it declares");
        sha.update(buf, 0, n);
        if (keep != null) keep.write(buf, 0, n);
      }
    }
    long expected = declaredBytes >= 0 ? declaredBytes : e.getSize();
    if (expected >= 0 && total != expected)
      throw new EntryException("entry " + name + " is truncated: " + total + " bytes, it declares " + expected);
    return HexFormat.of().formatHex(sha.digest());
  }

  /** The most bytes the entry may give: what it declares, if that is plausible, else a refusal. */
  private static long limit(ZipEntry e, String name, long declaredBytes, long maxBytes) throws EntryException {
    long dirBytes = e.getSize();
    if (declaredBytes >= 0 && dirBytes >= 0 && dirBytes != declaredBytes)
      throw new EntryException("entry " + name + " is " + dirBytes + " bytes in the zip directory, the manifest says " + declaredBytes);
    long claimed = declaredBytes >= 0 ? declaredBytes : dirBytes;
    if (claimed > maxBytes) throw new EntryException("entry " + name + " declares " + claimed + " bytes, more than the " + maxBytes + " allowed");
    long packed = e.getCompressedSize();
    if (claimed >= 0 && packed >= 0) {
      boolean stored = e.getMethod() == ZipEntry.STORED;
      if (stored ? claimed != packed : claimed > packed * MAX_INFLATION + INFLATION_SLACK)
        throw new EntryException("entry " + name + " declares " + claimed + " bytes, which its " + packed + " compressed bytes cannot hold");
    }
    return claimed >= 0 ? claimed : maxBytes;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException x) {
      throw new IllegalStateException("SHA-256 is part of every JDK", x);
    }
  }
}
