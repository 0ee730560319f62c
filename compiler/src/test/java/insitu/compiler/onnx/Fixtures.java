package insitu.compiler.onnx;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Locates the committed fixtures written by tools/onnx/export_fixtures.py. */
final class Fixtures {
  private Fixtures() {}

  static final String[] MODELS = {"paper_cnn", "mnist28_cnn", "convlstm", "unsupported_op"};

  static Path path(String fileName) {
    URL url = Fixtures.class.getResource("/fixtures/" + fileName);
    if (url == null) throw new IllegalStateException("missing test fixture " + fileName);
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path model(String name) {
    return path(name + ".onnx");
  }
}
