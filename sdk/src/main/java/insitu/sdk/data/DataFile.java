package insitu.sdk.data;

import insitu.errors.BadInputException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A data file as the readers open it: checked to be a regular file before anything opens it (a
 * FIFO would block the reader forever), gzipped or not by its first two bytes, and with its real
 * content length known before a reader allocates what its header declares.
 */
final class DataFile {

  private static final int BUFFER = 1 << 16;

  private final Path path;
  private final boolean gzipped;
  private final long fileBytes;

  private DataFile(Path path, boolean gzipped, long fileBytes) {
    this.path = path;
    this.gzipped = gzipped;
    this.fileBytes = fileBytes;
  }

  /** Checks that {@code path} names a readable regular file and looks at its first bytes. */
  static DataFile of(Path path) {
    if (Files.isDirectory(path)) throw new BadInputException(shown(path) + ": is a directory, expected a file");
    if (!Files.exists(path)) throw new BadInputException(shown(path) + ": file not found");
    if (!Files.isRegularFile(path)) {
      throw new BadInputException(shown(path) + ": not a regular file (a FIFO, socket or device?); give a file");
    }
    try (InputStream in = Files.newInputStream(path)) {
      int b0 = in.read();
      int b1 = in.read();
      return new DataFile(path, b0 == 0x1f && b1 == 0x8b, Files.size(path));
    } catch (IOException e) {
      throw new BadInputException(shown(path) + ": cannot read: " + oneLine(e.getMessage()), e);
    }
  }

  /** A path from a command-line string; a name the file system cannot hold is bad input, not a crash. */
  static Path path(String name) {
    try {
      return Path.of(name);
    } catch (InvalidPathException e) {
      throw new BadInputException("'" + printable(name) + "' is not a usable file name: " + e.getReason());
    }
  }

  /** The name with control and unpaired surrogate characters escaped, so an error stays one readable line. */
  static String printable(String name) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c) || Character.isSurrogate(c)) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.toString();
  }

  /** A path as the error messages show it, on one line. */
  static String shown(Path path) {
    return printable(path.toString());
  }

  /** Exception messages of the I/O stack may span lines; an error stays one line. */
  static String oneLine(String message) {
    return message == null ? "" : printable(message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip());
  }

  Path path() {
    return path;
  }

  boolean gzipped() {
    return gzipped;
  }

  @Override
  public String toString() {
    return shown(path);
  }

  /** The content, inflated when the file is gzipped. */
  InputStream open() throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(path), BUFFER);
    return gzipped ? new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER) : raw;
  }

  /**
   * The content's length, or {@code limit + 1} when it is longer than {@code limit}. A gzipped
   * file is inflated once without keeping anything, and never beyond {@code limit + 1} bytes, so a
   * gzip bomb costs no memory and no more time than the size its header declares.
   */
  long contentLength(long limit) throws IOException {
    if (!gzipped) return Math.min(fileBytes, limit + 1);
    long n = 0;
    byte[] buf = new byte[BUFFER];
    try (InputStream in = open()) {
      int got;
      while (n <= limit && (got = in.read(buf, 0, (int) Math.min(buf.length, limit + 1 - n))) > 0) n += got;
    }
    return n;
  }
}
