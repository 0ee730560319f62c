package insitu.io;

import insitu.errors.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The checks every decoder makes before it opens a file a user named: it exists, it is a regular
 * file (never a FIFO, device or socket, whose open or read may block forever; never a directory)
 * and it is not larger than the decoder accepts. Failures are one-line {@link BadInputException}s
 * that name the file and say what was expected ({@code what}, e.g. "a calibration file").
 */
public final class InputFiles {
  private InputFiles() {}

  /**
   * Checks that {@code file} is a regular file, from its attributes alone (it is not opened).
   *
   * @return its size in bytes
   */
  public static long requireRegularFile(Path file, String what) {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException | NotDirectoryException e) {
      throw new BadInputException(file + ": no such file (expected " + what + ")");
    } catch (AccessDeniedException e) {
      throw new BadInputException(file + ": permission denied (expected " + what + ")");
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
    }
    if (a.isDirectory()) throw new BadInputException(file + ": is a directory, not " + what);
    if (!a.isRegularFile())
      throw new BadInputException(file + ": not a regular file (a FIFO, device or socket), expected " + what
          + "; insitu reads only regular files");
    return a.size();
  }

  /**
   * Checks the file as {@link #requireRegularFile} does and that it holds at most {@code maxBytes}.
   *
   * @return its size in bytes
   */
  public static long requireSize(Path file, String what, long maxBytes) {
    long size = requireRegularFile(file, what);
    if (size > maxBytes) throw tooLarge(file, what, size, maxBytes);
    return size;
  }

  /** The whole file, after the checks of {@link #requireSize}; a file that grows meanwhile is refused too. */
  public static byte[] readAll(Path file, String what, long maxBytes) {
    requireSize(file, what, maxBytes);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > maxBytes) throw tooLarge(file, what, bytes.length, maxBytes);
      return bytes;
    } catch (NoSuchFileException e) {
      throw new BadInputException(file + ": no such file (expected " + what + ")");
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  /** The whole file as UTF-8 text (strictly: malformed bytes are refused), after the checks of {@link #requireSize}. */
  public static String readText(Path file, String what, long maxBytes) {
    byte[] bytes = readAll(file, what, maxBytes);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new BadInputException(file + ": not UTF-8 text (expected " + what + ")");
    }
  }

  private static BadInputException tooLarge(Path file, String what, long size, long maxBytes) {
    return new BadInputException(file + ": " + size + " bytes, more than " + what + " can be (at most " + maxBytes + " bytes)");
  }
}
