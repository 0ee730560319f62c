package insitu.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the source tree (fixtures, peer scripts): -Dinsitu.root, else the nearest parent holding the peer script. */
final class ProjectRoot {
  static final String PEER_SCRIPT = "tools/bench/pytorch_peer.py";
  static final String MNIST28_FIXTURE = "compiler/src/test/resources/fixtures/mnist28_cnn.onnx";
  static final String PAPER_CNN_FIXTURE = "compiler/src/test/resources/fixtures/paper_cnn.onnx";

  private ProjectRoot() {}

  /** The project root, or null when the bench runs outside a checkout (peers and the compile timing are then skipped). */
  static Path find() {
    String prop = System.getProperty("insitu.root");
    if (prop != null) return Path.of(prop).toAbsolutePath();
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent())
      if (Files.isRegularFile(p.resolve(PEER_SCRIPT))) return p;
    return null;
  }
}
