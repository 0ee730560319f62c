package insitu.compiler.onnx;

import insitu.errors.BadInputException;
import insitu.io.InputFiles;
import java.nio.file.Path;

/**
 * What an ONNX file must be before it is opened: a regular file (a FIFO would block the reader
 * forever), not empty, within what one protobuf message can be, and small enough that this JVM's
 * heap can hold it while the compiler decodes it. Refusals are one line naming the file.
 */
public final class OnnxFileCheck {
  /** Protobuf messages cannot exceed 2 GB; bigger models keep weights in external files. */
  public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
  /**
   * Heap needed per byte of model while compiling it: the file's bytes, the weights decoded to
   * doubles (twice the float32 bytes) and the compiled graph's copy of them.
   */
  static final long HEAP_PER_FILE_BYTE = 5;

  private OnnxFileCheck() {}

  /** Checks the file without opening it; returns its size. */
  public static long check(Path file) {
    long size = InputFiles.requireRegularFile(file, "an ONNX model (.onnx)");
    if (size == 0) throw new BadInputException(file + ": the file is empty, not an ONNX model");
    if (size > MAX_FILE_BYTES)
      throw new BadInputException(file + ": larger than 2 GB, which a single ONNX protobuf cannot be: insitu does not read models with external data");
    long heap = Runtime.getRuntime().maxMemory();
    if (size > heap / HEAP_PER_FILE_BYTE)
      throw new BadInputException(file + ": a " + (size >> 20) + " MB model needs about " + (size * HEAP_PER_FILE_BYTE >> 20)
          + " MB of heap to compile, more than this JVM's " + (heap >> 20) + " MB; give it more with INSITU_JAVA_OPTS=-Xmx…");
    return size;
  }
}
