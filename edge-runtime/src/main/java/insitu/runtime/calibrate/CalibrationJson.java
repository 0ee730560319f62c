package insitu.runtime.calibrate;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import insitu.errors.BadInputException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A calibration as a JSON file: {@code {"format": "insitu-calibration", "formatVersion": 1, …the
 * record's fields…}}. Written atomically (temp file, fsync, rename) like every artifact.
 */
public final class CalibrationJson {
  public static final String FORMAT = "insitu-calibration";
  public static final int VERSION = 1;
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

  private CalibrationJson() {}

  public static String toJson(Calibration c) {
    JsonObject o = new JsonObject();
    o.addProperty("format", FORMAT);
    o.addProperty("formatVersion", VERSION);
    GSON.toJsonTree(c).getAsJsonObject().entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
    return GSON.toJson(o);
  }

  /** Parses and validates; every problem is a {@link BadInputException} naming {@code source}. */
  public static Calibration fromJson(String json, String source) {
    try {
      JsonObject o = GSON.fromJson(json, JsonObject.class);
      if (o == null || !o.has("format") || !FORMAT.equals(o.get("format").getAsString()))
        throw new BadInputException(source + ": not an insitu calibration (no \"format\": \"" + FORMAT + "\")");
      int v = o.get("formatVersion").getAsInt();
      if (v != VERSION) throw new BadInputException(source + ": calibration format version " + v + " is not supported (expected " + VERSION + ")");
      Calibration c = GSON.fromJson(o, Calibration.class);
      if (c.stuckCells() == null || c.badRows() == null || c.badCols() == null)
        throw new BadInputException(source + ": calibration lacks its defect lists");
      return c;
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | NullPointerException e) {
      throw new BadInputException(source + ": malformed calibration: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(source + ": invalid calibration: " + e.getMessage(), e);
    }
  }

  public static Calibration read(Path file) {
    try {
      return fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot read the calibration: " + e.getMessage(), e);
    }
  }

  public static void write(Calibration c, Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try {
        Files.writeString(tmp, toJson(c) + "\n", StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp); // nothing is left behind when writing or renaming fails
      }
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot write the calibration: " + e.getMessage(), e);
    }
  }
}
