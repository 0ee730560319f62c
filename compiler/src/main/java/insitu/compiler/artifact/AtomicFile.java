package insitu.compiler.artifact;

import insitu.errors.BadInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that it appears whole or not at all: into a temporary file beside it, forced
 * to disk, then renamed over the target (and the rename made durable). A failure leaves what the
 * user had under the name. The file is readable by all, as a model or spec is meant to be shared.
 */
public final class AtomicFile {
  /** Writes the file's content. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  /**
   * @param what names the file in the error message, e.g. "the ONNX file"
   * @throws BadInputException (one line naming {@code out}) when it cannot be written
   */
  public static void write(Path out, String what, Content content) {
    Path abs = out.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = null;
    try {
      if (dir != null) Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
      try {
        // Temp files are created owner-only.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException ignored) {
        // Not a POSIX file system.
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        OutputStream os = Channels.newOutputStream(ch);
        content.writeTo(os);
        os.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      fsyncDirectory(dir);
    } catch (IOException e) {
      throw new BadInputException(out + ": cannot write " + what + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* already failing */ }
    }
  }

  /** Makes the rename durable; not every platform can open a directory, which is fine. */
  private static void fsyncDirectory(Path dir) {
    if (dir == null) return;
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // Best effort (e.g. Windows).
    }
  }
}
