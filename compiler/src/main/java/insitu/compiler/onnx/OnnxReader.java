package insitu.compiler.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import insitu.errors.BadInputException;
import insitu.errors.InsituException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads an ONNX model file into {@link OnnxModel} records without generated protobuf code. Any
 * problem with the bytes, however low-level, becomes one {@link BadInputException} line that names
 * the file, e.g. {@code "model.onnx: truncated protobuf at byte 1234: not a complete ONNX model"}.
 */
public final class OnnxReader {
  private OnnxReader() {}

  /**
   * Reads an ONNX file. The file is memory-mapped, not read into the heap: initializers keep their
   * raw data as read-only slices of the mapping (decoded when used), so a model's weights cost no
   * heap until something copies them. The file must not be changed while the model is in use.
   */
  public static OnnxModel read(Path file) {
    String source = file.toString();
    OnnxFileCheck.check(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return read(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()), source);
    } catch (NoSuchFileException e) {
      throw new BadInputException(source + ": no such file", e);
    } catch (IOException e) {
      throw new BadInputException(source + ": cannot read the file: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a model held in memory; the bytes are copied (the model's tensors refer to them).
   *
   * @param sourceName names the bytes in error messages, usually the file path
   */
  public static OnnxModel read(byte[] bytes, String sourceName) {
    return read(ByteBuffer.wrap(bytes.clone()), sourceName);
  }

  private static OnnxModel read(ByteBuffer bytes, String sourceName) {
    byte[] head = new byte[Math.min(FileSignature.HEAD_BYTES, bytes.remaining())];
    bytes.get(bytes.position(), head);
    FileSignature.recognise(head).ifPresent(what -> {
      throw new BadInputException(sourceName + ": " + what + ", not an ONNX model");
    });
    OnnxWireDecoder decoder = new OnnxWireDecoder(bytes, sourceName);
    try {
      return decoder.model();
    } catch (InsituException e) {
      throw e;
    } catch (InvalidProtocolBufferException e) {
      String problem = describe(e);
      String verdict = problem.startsWith("truncated") ? "not a complete" : "not a valid";
      throw new BadInputException(sourceName + ": " + problem + " at byte " + decoder.position()
          + ": " + verdict + " ONNX model", e);
    } catch (IOException | RuntimeException e) {
      // Safety net: CodedInputStream over a buffer should only throw the above, but the contract
      // of this method is that a bad file never surfaces as anything but BadInputException.
      throw new BadInputException(sourceName + ": cannot decode at byte " + decoder.position()
          + " (" + e.getClass().getSimpleName() + "): not a valid ONNX model", e);
    }
  }

  /** Protobuf's messages are paragraphs; we need a few words for one line. */
  private static String describe(InvalidProtocolBufferException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("ended unexpectedly") || m.contains("truncated")) return "truncated protobuf";
    if (m.contains("negative size")) return "corrupt protobuf (negative length)";
    if (m.contains("malformed varint")) return "corrupt protobuf (malformed varint)";
    if (m.contains("invalid tag")) return "corrupt protobuf (invalid tag)";
    return "corrupt protobuf";
  }
}
