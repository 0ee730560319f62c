package insitu.compiler;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardOpener;
import insitu.boards.BoardSpec;
import insitu.compiler.onnx.OnnxDataType;
import insitu.compiler.onnx.OnnxModel;
import insitu.compiler.onnx.OnnxModelBuilder;
import insitu.compiler.onnx.OnnxTensor;
import insitu.errors.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapEstimateTest {
  private static final BoardSpec TARGET = BoardOpener.spec("sim:paper?arrays=100");

  /** conv (FLOAT, folded into the BatchNorm after it), fc (FLOAT, stays in the file), a FLOAT16 table. */
  private static OnnxModel model() {
    float[] conv = new float[8 * 3 * 3 * 3], fc = new float[10 * 200], one = new float[8];
    java.util.Arrays.fill(one, 1);
    return new OnnxModelBuilder("m").input("x", OnnxDataType.FLOAT, -1, 3, 5, 5)
        .floats("conv.w", new long[] {8, 3, 3, 3}, conv).floats("fc.w", new long[] {10, 200}, fc)
        .floats("g", new long[] {8}, one).floats("b", new long[] {8}, one).floats("m", new long[] {8}, one).floats("v", new long[] {8}, one)
        .node("Conv", "conv", List.of("x", "conv.w"), List.of("c"))
        .node("BatchNormalization", "bn", List.of("c", "g", "b", "m", "v"), List.of("n"))
        .node("Flatten", "flat", List.of("n"), List.of("f"))
        .node("Gemm", "fc", List.of("f", "fc.w"), List.of("y"), OnnxModelBuilder.attr("transB", 1L))
        .output("y").build();
  }

  @Test
  void countsWhatWillBeDecodedToDoublesAndTheTiles() {
    OnnxModel m = model();
    HeapEstimate e = HeapEstimate.of(m, TARGET);
    assertEquals(216 + 2000 + 32, e.weights());
    assertEquals(216, e.decoded(), "the folded conv weight only");
    // 24 MB, 8 bytes a decoded value, 1 KB a tile (3 × weights / 8192 + 6 initializers), 64 bytes an array.
    assertEquals((24L << 20) + 8 * 216 + 1024 * (3 * 2248 / 8192 + 6) + 64 * 100, e.bytes());
    OnnxTensor half = new OnnxTensor("h", OnnxDataType.FLOAT16.code(), new long[] {1000}, new byte[2000], new float[0], new int[0],
        new long[0], new double[0], false);
    OnnxModel withHalf = new OnnxModel(m.irVersion(), m.opsetImports(), m.producerName(), new insitu.compiler.onnx.OnnxGraph("m",
        m.graph().nodes(), java.util.stream.Stream.concat(m.graph().initializers().stream(), java.util.stream.Stream.of(half)).toList(),
        m.graph().inputs(), m.graph().outputs(), m.graph().valueInfo()));
    assertEquals(216 + 1000, HeapEstimate.of(withHalf, TARGET).decoded(), "FLOAT16 is held as doubles");
  }

  @Test
  void weightsCutIntoGroupsOrGatesCountTwice() {
    OnnxModel m = new OnnxModelBuilder("m").input("x", OnnxDataType.FLOAT, -1, 4, 5, 5)
        .floats("dw", new long[] {4, 1, 3, 3}, new float[36]).floats("pw", new long[] {8, 4, 1, 1}, new float[32])
        .node("Conv", "depthwise", List.of("x", "dw"), List.of("d"), OnnxModelBuilder.attr("group", 4L))
        .node("Conv", "pointwise", List.of("d", "pw"), List.of("y"), OnnxModelBuilder.attr("group", 1L))
        .output("y").build();
    assertEquals(2 * 36, HeapEstimate.of(m, TARGET).decoded(), "the depthwise weight, whole and in groups; the pointwise one stays");
  }

  @Test
  void aGraphInMemoryCostsItsTilesAndTheTargetsArrays() {
    HeapEstimate e = HeapEstimate.of(insitu.compiler.builder.PaperModels.cnn(1), BoardOpener.spec("sim:paper?arrays=65535"));
    assertEquals(1015, e.weights());
    assertEquals((24L << 20) + 1024 * (3 * 1015 / 8192 + 3) + 64 * 65_535L, e.bytes());
  }

  @Test
  void refusesInOneLineWhenTheHeapIsSmaller() {
    HeapEstimate e = new HeapEstimate(143_652_544, 0, 3L << 30);
    e.require("vgg.onnx", 4L << 30, TARGET);
    var x = assertThrows(BadInputException.class, () -> e.require("vgg.onnx", 256L << 20, TARGET));
    assertEquals("vgg.onnx: compiling its 143,652,544 weights for 100 array(s) needs about 3,072 MB of heap, more than the JVM's 256 MB:"
        + " give it more, e.g. INSITU_JAVA_OPTS=-Xmx4g", x.getMessage());
  }
}
