package insitu.compiler.onnx;

import insitu.errors.BadInputException;
import insitu.io.InputFiles;
import java.nio.file.Path;

/**
 * What an ONNX file must be before it is opened: a regular file (a FIFO would block the reader
 * forever, and only a regular file can be memory-mapped), not empty, and within what one protobuf
 * message can be. Whether the heap can hold the compiled model is {@code HeapEstimate}'s question.
 * Refusals are one line naming the file.
 */
public final class OnnxFileCheck {
  /** Protobuf messages cannot exceed 2 GB; bigger models keep weights in external files. */
  public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

  private OnnxFileCheck() {}

  /** Checks the file without opening it; returns its size. */
  public static long check(Path file) {
    long size = InputFiles.requireRegularFile(file, "an ONNX model (.onnx)");
    if (size == 0) throw new BadInputException(file + ": the file is empty, not an ONNX model");
    if (size > MAX_FILE_BYTES)
      throw new BadInputException(file + ": larger than 2 GB, which a single ONNX protobuf cannot be: insitu does not read models with external data");
    return size;
  }
}
