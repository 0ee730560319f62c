package insitu.runtime.calibrate;

import insitu.io.AtomicFiles;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import insitu.compiler.artifact.JsonFields;
import insitu.errors.BadInputException;
import insitu.io.InputFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A calibration as a JSON file: {@code {"format": "insitu-calibration", "formatVersion": 1, …the
 * record's fields…}}. Written atomically (temp file, fsync, rename) like every artifact.
 */
public final class CalibrationJson {
  public static final String FORMAT = "insitu-calibration";
  public static final int VERSION = 1;
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

  /** A calibration lists stuck cells and bad lines; 64 MiB holds about half a million of them. */
  private static final long MAX_FILE_BYTES = 64L << 20;

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
    JsonElement root;
    try {
      root = JsonParser.parseString(json);
    } catch (JsonParseException e) {
      throw new BadInputException(source + ": not valid JSON: " + e.getMessage(), e);
    }
    if (!root.isJsonObject() || !root.getAsJsonObject().has("format"))
      throw new BadInputException(source + ": not an insitu calibration (no \"format\": \"" + FORMAT + "\")");
    JsonObject o = root.getAsJsonObject();
    try {
      String format = JsonFields.str(o, "format");
      if (!FORMAT.equals(format)) throw new BadInputException(source + ": not an insitu calibration (format '" + format + "', expected '" + FORMAT + "')");
      int v = JsonFields.integer(o, "formatVersion");
      if (v != VERSION) throw new BadInputException(source + ": calibration format version " + v + " is not supported (expected " + VERSION + ")");
      return CalibrationDecoder.decode(o);
    } catch (JsonFields.FieldException | IllegalArgumentException e) {
      throw new BadInputException(source + ": invalid calibration: " + e.getMessage(), e);
    }
  }

  public static Calibration read(Path file) {
    return fromJson(InputFiles.readText(file, "a calibration file (insitu board selftest --out)", MAX_FILE_BYTES), file.toString());
  }

  public static void write(Calibration c, Path file) {
    byte[] json = (toJson(c) + "\n").getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(file, "the calibration", out -> out.write(json));
  }

}
