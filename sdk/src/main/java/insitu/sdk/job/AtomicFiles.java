package insitu.sdk.job;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files replaced whole or not at all: written to a temporary file next to the target, forced to
 * disk, then renamed over it. A failure at any point leaves the old file and no temporary one.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** A fresh temporary file in {@code file}'s directory (so the final rename stays on one file system). */
  public static Path temporarySibling(Path file) throws IOException {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    return Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
  }

  /** Writes {@code bytes} to {@code file} atomically. */
  public static void write(Path file, byte[] bytes) throws IOException {
    Path tmp = temporarySibling(file);
    try {
      Files.write(tmp, bytes);
      commit(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Forces {@code tmp} to disk and renames it onto {@code file}; on failure {@code tmp} is deleted. */
  public static void commit(Path tmp, Path file) throws IOException {
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
