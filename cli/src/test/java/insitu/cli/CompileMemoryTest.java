package insitu.cli;

import static org.junit.jupiter.api.Assertions.*;

import insitu.compiler.artifact.Artifact;
import insitu.compiler.artifact.ArtifactReader;
import insitu.compiler.ir.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compile memory, measured by what a small heap can do (never by time): the compiler runs in a
 * child JVM with a fixed {@code -Xmx}, as the launcher runs it.
 */
class CompileMemoryTest {
  @TempDir Path tmp;

  /** Exit code and stderr of {@code insitu ARGS} in a JVM with this heap. */
  private record Child(int exit, String err) {
    List<String> lines() {
      return err.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  private Child insitu(String heap, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap, "-cp",
        System.getProperty("java.class.path"), "insitu.cli.Main"));
    cmd.addAll(List.of(args));
    Path err = Files.createTempFile(tmp, "stderr", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
    int exit = p.waitFor();
    return new Child(exit, Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The one line of a bad-input refusal (exit 3). */
  private static String refusal(Child c) {
    assertEquals(3, c.exit(), c.err());
    assertEquals(1, c.lines().size(), c.err());
    return c.lines().get(0);
  }

  /**
   * 4.2 million weights in a 32 MB heap (the compiler before memory-mapped weights needed about 24
   * bytes a weight, 100 MB here). First on one array, which the model does not fit: one line with
   * the arrays it needs, counted by hand: fc1 is 2048×2048, 32 × 32 tiles of 64 inputs (128 rows)
   * × 64 outputs, one array each; fc2 is 10×2048, 32 tiles of 128×10, six to an array: 6 arrays.
   */
  @Test
  void fourMillionWeightsCompileIn32MegabytesOfHeap() throws Exception {
    Path model = SyntheticMlp.write(tmp.resolve("mlp.onnx"), 2048, 2048, 10, SyntheticMlp.FLOAT);
    Path out = tmp.resolve("mlp.xbar");
    String tooSmall = refusal(insitu("-Xmx32m", "compile", model.toString(), "--target", "sim:paper?seed=3&arrays=1", "-o", out.toString()));
    assertTrue(tooSmall.endsWith("need 1,030 arrays of 128x64 but the target has 1; use --target 'sim:paper?seed=3&arrays=1030'"), tooSmall);
    assertFalse(Files.exists(out));

    Child ok = insitu("-Xmx32m", "compile", model.toString(), "--target", "sim:paper?seed=3&arrays=1030", "-o", out.toString());
    assertEquals(0, ok.exit(), ok.err());
    Artifact a = ArtifactReader.read(out);
    Tensor w = a.graph().initializers().get("fc1.weight");
    assertArrayEquals(new int[] {2048, 2048}, w.shape());
    for (int k : new int[] {0, 1, 2, 3, 4, 2048 * 2048 - 1}) assertEquals(SyntheticMlp.weight(k), w.get(k), "fc1.weight[" + k + "]");
    assertEquals(2048 * 2048 + 10 * 2048, a.placement().blocks().stream().mapToInt(b -> b.outputs() * b.inputs()).sum());
  }

  /**
   * FLOAT16 weights are decoded to doubles (8 bytes each): 6.3 million of them cannot fit 32 MB,
   * which the compiler says before decoding any, in one line with the way to give the JVM more.
   * With 256 MB the same model compiles.
   */
  @Test
  void modelTooBigForTheHeapIsRefusedUpFrontInOneLine() throws Exception {
    Path model = SyntheticMlp.write(tmp.resolve("half.onnx"), 2048, 3072, 10, SyntheticMlp.FLOAT16);
    Path out = tmp.resolve("half.xbar");
    String line = refusal(insitu("-Xmx32m", "compile", model.toString(), "--target", "sim:paper?arrays=1600", "-o", out.toString()));
    assertTrue(line.startsWith("insitu: " + model + ": compiling its "), line);
    assertTrue(line.contains("of heap, more than the JVM's") && line.contains("INSITU_JAVA_OPTS=-Xmx1g"), line);
    assertFalse(Files.exists(out));

    Child ok = insitu("-Xmx256m", "compile", model.toString(), "--target", "sim:paper?arrays=1600", "-o", out.toString());
    assertEquals(0, ok.exit(), ok.err());
  }
}
