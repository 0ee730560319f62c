package insitu.compiler.artifact;

import insitu.io.AtomicFiles;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import insitu.boards.BoardSpec;
import insitu.errors.BadInputException;
import insitu.io.InputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A board's spec in a JSON file ({@code insitu board info --out board.json}), so a model can be
 * compiled for a real board without opening it: {@code {"format": "insitu-board-spec",
 * "formatVersion": 1, "spec": {...}}}, the spec written as an artifact's {@code target}.
 */
public final class BoardSpecFile {
  static final String FORMAT = "insitu-board-spec";
  static final int VERSION = 1;
  /** A spec lists its defective lines and cells; 16 MiB holds a million of them. */
  private static final long MAX_FILE_BYTES = 16L << 20;

  private BoardSpecFile() {}

  public static void write(BoardSpec spec, Path out) {
    JsonObject o = new JsonObject();
    o.addProperty("format", FORMAT);
    o.addProperty("formatVersion", VERSION);
    o.add("spec", TargetCodec.encode(spec));
    byte[] bytes = (new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o) + "\n").getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(out, "the board spec", os -> os.write(bytes));
  }

  public static BoardSpec read(Path file) {
    if (!Files.exists(file))
      throw new BadInputException(file + ": no such file (write a board's spec with 'insitu board info --board SPEC --out FILE.json')");
    String text = InputFiles.readText(file, "a board spec file", MAX_FILE_BYTES);
    try {
      JsonObject o = JsonParser.parseString(text).getAsJsonObject();
      String format = JsonFields.str(o, "format");
      if (!format.equals(FORMAT)) throw new BadInputException(file + ": not a board spec (format '" + format + "', expected '" + FORMAT + "')");
      int version = JsonFields.integer(o, "formatVersion");
      if (version != VERSION) throw new BadInputException(file + ": board spec format version " + version + " is not supported (" + VERSION + " is)");
      return TargetCodec.decode(JsonFields.obj(o, "spec"));
    } catch (JsonParseException | IllegalStateException | JsonFields.FieldException e) {
      throw new BadInputException(file + ": not a valid board spec: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(file + ": impossible board spec: " + e.getMessage(), e);
    }
  }
}
