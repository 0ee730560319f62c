package insitu.compiler;

import insitu.compiler.artifact.Sha256;
import insitu.compiler.builder.BuiltInModel;
import insitu.compiler.ir.Graph;
import insitu.compiler.onnx.OnnxModel;
import insitu.errors.BadInputException;
import java.io.IOException;
import java.nio.file.Path;

/** Where a model comes from: an ONNX file (or one already read), a built-in model, or a graph built in Java. */
public sealed interface ModelSource {
  /** The model's name in messages: the file, or the model's own name. */
  String name();

  /** The bytes an artifact's manifest digests as the source model, or null when there is no file. */
  default byte[] bytes() {
    return null;
  }

  /** Hex SHA-256 of {@link #bytes()}, or null when there is no file. */
  default String sha256() {
    byte[] b = bytes();
    return b == null ? null : Sha256.hex(b);
  }

  static ModelSource onnx(Path file) {
    return new OnnxFile(file);
  }

  /** An ONNX model held in memory as its file's bytes (a model shipped as a resource). */
  static ModelSource onnx(String name, byte[] bytes) {
    return new OnnxBytes(name, bytes);
  }

  static ModelSource builtIn(BuiltInModel model, long seed) {
    return new BuiltIn(model, seed);
  }

  static ModelSource graph(Graph graph) {
    return new Built(graph);
  }

  /** An ONNX file exported by PyTorch or another framework. */
  record OnnxFile(Path path) implements ModelSource {
    @Override public String name() {
      return path.toString();
    }

    @Override public byte[] bytes() {
      return insitu.io.InputFiles.readAll(path, "an ONNX model (.onnx)", insitu.compiler.onnx.OnnxFileCheck.MAX_FILE_BYTES);
    }

    /** Read a block at a time: the file is not held in memory. */
    @Override public String sha256() {
      try {
        return Sha256.hex(path);
      } catch (IOException e) {
        throw new BadInputException(path + ": cannot read: " + e.getMessage(), e);
      }
    }
  }

  /** An ONNX file's bytes, named for messages; the artifact digests them like a file's. */
  record OnnxBytes(String name, byte[] bytes) implements ModelSource {}

  /** An ONNX model already in memory (tests, tools that build one). */
  record Onnx(OnnxModel model, String name) implements ModelSource {}

  /** A model insitu knows by name, with initial weights drawn from {@code seed}. */
  record BuiltIn(BuiltInModel model, long seed) implements ModelSource {
    @Override public String name() {
      return model.id();
    }
  }

  /** A graph built in Java ({@code ModelBuilder}, {@code GraphBuilder}): already in runtime form. */
  record Built(Graph graph) implements ModelSource {
    @Override public String name() {
      return graph.name();
    }
  }
}
