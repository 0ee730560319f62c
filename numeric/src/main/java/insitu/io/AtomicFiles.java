package insitu.io;

import insitu.errors.BadInputException;
import java.io.BufferedOutputStream;
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
 * Files that appear whole or not at all: written to a temporary file beside the target, forced to
 * disk, renamed over it, and the rename made durable. A failure at any point leaves what the user
 * had under the name and no temporary file. Files are readable by all, as models, reports and
 * specs are meant to be shared.
 */
public final class AtomicFiles {
  /** Writes a file's content. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /** A fresh temporary file in {@code file}'s directory (so the final rename stays on one file system). */
  public static Path temporarySibling(Path file) throws IOException {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
    try {
      // Temporary files are created owner-only; the file it becomes is shared.
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException ignored) {
      // Not a POSIX file system.
    }
    return tmp;
  }

  /** Forces {@code tmp} to disk and renames it onto {@code file}; on failure {@code tmp} is deleted. */
  public static void commit(Path tmp, Path file) throws IOException {
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Path target = file.toAbsolutePath();
      Files.createDirectories(target.getParent());
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      fsyncDirectory(target.getParent());
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes {@code bytes} to {@code file} atomically. */
  public static void write(Path file, byte[] bytes) throws IOException {
    write(file, out -> out.write(bytes));
  }

  /** Writes what {@code content} writes to {@code file} atomically. */
  public static void write(Path file, Content content) throws IOException {
    Path tmp = temporarySibling(file);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        // Buffered: writers such as ZipOutputStream write headers a byte at a time, and each write
        // to a channel's stream is a system call.
        OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        content.writeTo(os);
        os.flush();
      }
      commit(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * As {@link #write(Path, Content)}, failing as bad input in one line that names the file.
   *
   * @param what names the file in the error message, e.g. "the ONNX file"
   */
  public static void write(Path out, String what, Content content) {
    try {
      write(out, content);
    } catch (IOException e) {
      throw new BadInputException(out + ": cannot write " + what + ": " + e.getMessage(), e);
    }
  }

  /** Makes a rename durable; not every platform can open a directory, which is fine. */
  private static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // Best effort (e.g. Windows).
    }
  }
}
