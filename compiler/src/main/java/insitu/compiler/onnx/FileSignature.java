package insitu.compiler.onnx;

import java.util.Optional;

/**
 * Recognises files that users mistake for ONNX models by their first bytes, so the error can say
 * what the file is instead of only "corrupt protobuf".
 */
final class FileSignature {
  /** How many leading bytes {@link #recognise} looks at. */
  static final int HEAD_BYTES = 8;

  private FileSignature() {}

  static Optional<String> recognise(byte[] b) {
    if (b.length == 0) return Optional.of("the file is empty");
    if (starts(b, 'P', 'K', 3, 4)) {
      return Optional.of("a zip archive (a PyTorch .pt/.pth checkpoint or a Keras .keras file?);"
          + " export it with torch.onnx.export or tf2onnx");
    }
    if (starts(b, 0x89, 'H', 'D', 'F')) return Optional.of("an HDF5 file (a Keras .h5 model?)");
    if (starts(b, 0x89, 'P', 'N', 'G')) return Optional.of("a PNG image");
    if (starts(b, 0xFF, 0xD8, 0xFF)) return Optional.of("a JPEG image");
    if (starts(b, 0x80) && b.length > 1 && b[1] >= 2 && b[1] <= 5) {
      return Optional.of("a Python pickle (a torch.save file?); export it with torch.onnx.export");
    }
    if (starts(b, '{') || starts(b, '[')) return Optional.of("JSON text");
    return Optional.empty();
  }

  private static boolean starts(byte[] b, int... prefix) {
    if (b.length < prefix.length) return false;
    for (int k = 0; k < prefix.length; k++) if ((b[k] & 0xFF) != prefix[k]) return false;
    return true;
  }
}
