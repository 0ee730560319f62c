package insitu.bench;

import insitu.boards.BoardOpener;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.CrossbarMapper;
import insitu.compiler.mapping.MappingOptions;
import insitu.compiler.onnx.OnnxImporter;
import java.nio.file.Path;

/** Compile time of an ONNX model: import plus mapping onto a simulated board large enough for it (40 arrays). */
final class CompileBench {
  /** The 28×28 CNN's fc1 alone needs over 20 of the paper's 128×64 arrays. */
  static final String TARGET = "sim:ideal?arrays=40";

  private CompileBench() {}

  /** Median milliseconds over {@code repeats} (after one warm-up), or NaN when the file is missing. */
  static double medianMillis(Path onnx, int repeats) {
    if (onnx == null || !java.nio.file.Files.isRegularFile(onnx)) return Double.NaN;
    insitu.boards.BoardSpec spec;
    try (var b = BoardOpener.open(TARGET, 1)) {
      spec = b.spec();
    }
    double[] ms = new double[repeats];
    for (int k = -1; k < repeats; k++) {
      long t0 = System.nanoTime();
      Graph g = OnnxImporter.load(onnx);
      CrossbarMapper.map(g, spec, MappingOptions.autoScale());
      if (k >= 0) ms[k] = (System.nanoTime() - t0) / 1e6;
    }
    return Stats.median(ms);
  }
}
