package insitu.sdk.job;

import insitu.boards.BoardOpener;
import insitu.boards.BoardSpec;
import insitu.compiler.artifact.BoardSpecFile;
import insitu.errors.UsageException;
import java.nio.file.Path;

/**
 * Resolves a compile target without opening a board: a simulated board's spec string
 * ({@code sim:paper?arrays=8}), or a board spec file ({@code FILE.json}, written by
 * {@code insitu board info --board serial:PORT --out FILE.json}).
 */
public final class TargetSpecs {
  public static final String VALID = "a simulated board (sim, sim:paper?arrays=N, ...) or FILE.json from 'insitu board info --out'";

  private TargetSpecs() {}

  /** The same simulated board's spec string with {@code arrays} arrays; null for a spec file (a real board). */
  public static String withArrays(String target, int arrays) {
    if (target == null || target.endsWith(".json")) return null;
    if (target.matches(".*[?&]arrays=[^&]*.*")) return target.replaceFirst("([?&])arrays=[^&]*", "$1arrays=" + arrays);
    return target + (target.contains("?") ? "&" : "?") + "arrays=" + arrays;
  }

  public static BoardSpec resolve(String target) {
    if (target == null || target.isBlank()) throw new UsageException("no target given; valid: " + VALID);
    if (target.endsWith(".json")) return BoardSpecFile.read(Path.of(target));
    try {
      return BoardOpener.spec(target);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
