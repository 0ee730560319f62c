package insitu.bench;

import insitu.boards.BoardOpener;
import insitu.compiler.Compiler;
import insitu.compiler.ModelSource;
import insitu.compiler.mapping.MappingOptions;
import insitu.compiler.mapping.Target;
import java.nio.file.Path;

/** Compile time of an ONNX model: import, passes and mapping onto a simulated board large enough for it (40 arrays). */
final class CompileBench {
  /** The 28×28 CNN's fc1 alone needs over 20 of the paper's 128×64 arrays. */
  static final String TARGET = "sim:ideal?arrays=40";

  private CompileBench() {}

  /** Median milliseconds over {@code repeats} (after one warm-up), or NaN when the file is missing. */
  static double medianMillis(Path onnx, int repeats) {
    if (onnx == null || !java.nio.file.Files.isRegularFile(onnx)) return Double.NaN;
    Target target = Target.of(BoardOpener.spec(TARGET));
    Compiler compiler = Compiler.standard().withMappingOptions(MappingOptions.autoScale());
    double[] ms = new double[repeats];
    for (int k = -1; k < repeats; k++) {
      long t0 = System.nanoTime();
      compiler.compile(ModelSource.onnx(onnx), target);
      if (k >= 0) ms[k] = (System.nanoTime() - t0) / 1e6;
    }
    return Stats.median(ms);
  }
}
