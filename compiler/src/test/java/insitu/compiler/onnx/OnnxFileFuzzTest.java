package insitu.compiler.onnx;

import static insitu.compiler.onnx.OnnxModelBuilder.attr;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.compiler.Compiler;
import insitu.compiler.ModelSource;
import insitu.errors.BadInputException;
import insitu.testing.ByteMutations;
import insitu.testing.Fuzz;
import insitu.testing.HangGuard;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX models as files, damaged, compiled the way {@code insitu compile} does: the file checks
 * (regular file, size against the protobuf limit and the heap), length fields that lie, and folded
 * constants whose declared size would not fit in memory. {@link OnnxReaderFuzzTest} covers the
 * decoder on bytes in memory.
 */
@HangGuard
class OnnxFileFuzzTest {
  private static final int CASES = 200;
  @TempDir Path dir;

  @Test
  void damagedModelFilesCompileOrAreRefusedInOneLine() throws IOException {
    byte[] valid = Files.readAllBytes(Fixtures.model("paper_cnn"));
    Path f = dir.resolve("case.onnx");
    int compiled = 0;
    for (int k = 0; k < CASES; k++) {
      Files.write(f, ByteMutations.mutate(valid, Fuzz.random(5, k)));
      if (Fuzz.loadsOrRefuses("case " + k, () -> Compiler.standard().load(ModelSource.onnx(f))).isPresent()) compiled++;
    }
    assertTrue(compiled < CASES, "most damage is found: " + compiled + " compiled");
  }

  @Test
  void directoriesEmptyFilesAndFilesOverTwoGigabytesAreRefusedBeforeReading() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.onnx"));
    Path folder = Files.createDirectory(dir.resolve("folder.onnx"));
    Path sparse = dir.resolve("huge.onnx");
    try (RandomAccessFile raf = new RandomAccessFile(sparse.toFile(), "rw")) {
      raf.setLength(OnnxFileCheck.MAX_FILE_BYTES + 1); // sparse: no disk used
    }
    for (Path p : List.of(empty, folder, sparse, dir.resolve("missing.onnx"))) {
      BadInputException e = assertThrows(BadInputException.class, () -> Compiler.standard().load(ModelSource.onnx(p)), p.toString());
      Fuzz.assertOneLine(p.toString(), e.getMessage());
      assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
    }
    assertTrue(assertThrows(BadInputException.class, () -> OnnxFileCheck.check(sparse)).getMessage().contains("larger than 2 GB"));
  }

  @Test
  void constantOfShapeAndRangeOfAbsurdSizesAreRefusedBeforeAllocating() {
    OnnxModel ofShape = new OnnxModelBuilder("big").input("x", OnnxDataType.FLOAT, -1, 2).output("y")
        .longs("shape", new long[] {2}, 1_000_000, 1_000_000)
        .node("ConstantOfShape", "/c", List.of("shape"), List.of("c"), attr("value", OnnxTensor.ofFloats("v", new long[] {1}, new float[] {1})))
        .node("Add", "/add", List.of("x", "c"), List.of("y")).build();
    OnnxModel negative = new OnnxModelBuilder("neg").input("x", OnnxDataType.FLOAT, -1, 2).output("y")
        .longs("shape", new long[] {2}, 1, -2)
        .node("ConstantOfShape", "/c", List.of("shape"), List.of("c"))
        .node("Add", "/add", List.of("x", "c"), List.of("y")).build();
    OnnxModel range = new OnnxModelBuilder("range").input("x", OnnxDataType.FLOAT, -1, 2).output("y")
        .longs("start", new long[0], 0).longs("limit", new long[0], 1L << 40).longs("delta", new long[0], 1)
        .node("Range", "/r", List.of("start", "limit", "delta"), List.of("r"))
        .node("Add", "/add", List.of("x", "r"), List.of("y")).build();
    for (OnnxModel m : List.of(ofShape, negative, range)) {
      BadInputException e = assertThrows(BadInputException.class, () -> Compiler.standard().load(new ModelSource.Onnx(m, "m.onnx")));
      Fuzz.assertOneLine("model", e.getMessage());
      assertTrue(e.getMessage().contains("values") || e.getMessage().contains("negative"), e.getMessage());
    }
  }
}
