package insitu.compiler.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import insitu.errors.BadInputException;
import insitu.errors.InsituException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads an ONNX model file into {@link OnnxModel} records without generated protobuf code. Any
 * problem with the bytes, however low-level, becomes one {@link BadInputException} line that names
 * the file, e.g. {@code "model.onnx: truncated protobuf at byte 1234: not a complete ONNX model"}.
 */
public final class OnnxReader {
  private OnnxReader() {}

  public static OnnxModel read(Path file) {
    String source = file.toString();
    byte[] bytes;
    OnnxFileCheck.check(file);
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BadInputException(source + ": no such file", e);
    } catch (IOException e) {
      throw new BadInputException(source + ": cannot read the file: " + e.getMessage(), e);
    }
    return read(bytes, source);
  }

  /**
   * @param sourceName names the bytes in error messages, usually the file path
   */
  public static OnnxModel read(byte[] bytes, String sourceName) {
    FileSignature.recognise(bytes).ifPresent(what -> {
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
      // Safety net: CodedInputStream over an array should only throw the above, but the contract
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
