package insitu.compiler.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import insitu.errors.BadInputException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an ONNX model's {@code metadata_props} (ModelProto field 14: key/value strings such as
 * {@code insitu.input_range}) and nothing else: every other field is skipped unread, so asking a
 * large model for its metadata costs one pass over the file and no memory for its weights.
 */
public final class OnnxMetadata {
  /** ModelProto.metadata_props. */
  private static final int METADATA_PROPS = 14;
  /** StringStringEntryProto.key and .value. */
  private static final int KEY = 1, VALUE = 2;
  /** Metadata is a few short strings; a larger entry is damage, not metadata. */
  private static final int MAX_ENTRY_BYTES = 1 << 20;

  private OnnxMetadata() {}

  /** The metadata of an ONNX file, in file order (a repeated key keeps its last value). */
  public static Map<String, String> read(Path file) {
    OnnxFileCheck.check(file); // a FIFO would block the open below
    // Mapped, as the compiler reads it: skipping the initializers to reach the metadata costs no copy.
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return read(CodedInputStream.newInstance(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size())), file.toString());
    } catch (NoSuchFileException e) {
      throw new BadInputException(file + ": no such file");
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** The metadata of an ONNX model held as its file's bytes. */
  public static Map<String, String> read(byte[] bytes, String sourceName) {
    return read(CodedInputStream.newInstance(bytes), sourceName);
  }

  private static Map<String, String> read(CodedInputStream in, String source) {
    in.setSizeLimit(Integer.MAX_VALUE);
    Map<String, String> out = new LinkedHashMap<>();
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (tag != (METADATA_PROPS << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
          if (!in.skipField(tag)) break;
          continue;
        }
        int length = in.readRawVarint32();
        if (length < 0 || length > MAX_ENTRY_BYTES) throw new BadInputException(source + ": a metadata entry of " + length + " bytes: not a valid ONNX model");
        int limit = in.pushLimit(length);
        String key = "", value = "";
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
          if (t == (KEY << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED)) key = in.readStringRequireUtf8();
          else if (t == (VALUE << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED)) value = in.readStringRequireUtf8();
          else if (!in.skipField(t)) break;
        }
        in.popLimit(limit);
        out.put(key, value);
      }
    } catch (IOException e) {
      throw new BadInputException(source + ": cannot read its metadata (" + e.getMessage() + "): not a valid ONNX model", e);
    }
    return out;
  }
}
