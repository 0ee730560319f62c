package insitu.sdk.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/** Writes PNGs atomically (temp file, then rename). */
final class PngFiles {
  private PngFiles() {}

  static void write(BufferedImage img, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    if (!ImageIO.write(img, "png", tmp.toFile())) throw new IOException("no PNG writer available");
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
