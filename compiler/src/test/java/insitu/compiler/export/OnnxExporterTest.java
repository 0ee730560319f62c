package insitu.compiler.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.compiler.Compiler;
import insitu.compiler.ModelSource;
import insitu.compiler.builder.BuiltInModel;
import insitu.compiler.builder.GraphBuilder;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.Tensor;
import insitu.compiler.ir.eval.ConstantEvaluator;
import insitu.compiler.onnx.OnnxMetadata;
import insitu.compiler.onnx.OnnxModel;
import insitu.compiler.onnx.OnnxReader;
import insitu.errors.BadInputException;
import insitu.errors.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter's ONNX read back by insitu's own importer computes what the IR graph computes, up
 * to float32 weights (ONNX Runtime's check of the same files is in the sdk module's tests), and
 * carries the declared opset, IR version, dynamic batch and metadata.
 */
class OnnxExporterTest {
  @TempDir Path dir;

  @Test void builtInModelsSurviveExportAndReimport() {
    for (BuiltInModel m : BuiltInModel.values()) assertSameFunction(m.build(5), 4, 2e-6);
  }

  /** Every op the exporter covers except Conv and Im2Col (the built-ins have those), in one graph. */
  @Test void everyCoveredOpSurvivesExportAndReimport() {
    SplittableRandom rnd = new SplittableRandom(3);
    GraphBuilder g = new GraphBuilder("pixels", 2, 6, 6);
    String x = g.input();
    String pooled = g.op("avg", new Op.AveragePool(new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0, 1, 1}, false), x);
    String maxed = g.op("max", new Op.MaxPool(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1, 1, 1}), x);
    String padded = g.op("pad", new Op.Pad(new long[] {0, 0, 0, 0, 0, 0, 1, 1}, 0.25), maxed);           // [N,2,4,4]
    String sliced = g.op("slice", new Op.Slice(new long[] {0, 1}, new long[] {3, 4}, new int[] {2, 3}, new long[] {1, 1}), padded);
    String[] halves = g.op("split", new Op.Split(1, new int[] {1, 1}), 2, sliced);                          // [N,1,3,3] x2
    String joined = g.op("concat", new Op.Concat(1), halves[1], halves[0]);
    String t = g.op("transpose", new Op.Transpose(new int[] {0, 1, 3, 2}), joined);
    String gap = g.op("gap", new Op.GlobalAveragePool(), pooled);                                           // [N,2,1,1]
    String sq = g.op("squeeze", new Op.Squeeze(new int[] {3}), gap);                                        // [N,2,1]
    String unsq = g.op("unsqueeze", new Op.Unsqueeze(new int[] {3}), sq);                                  // [N,2,1,1]
    String scaled = g.op("mul", new Op.Mul(), t, unsq);
    String flat = g.op("flatten", new Op.Flatten(1), scaled);                                              // [N,18]
    String w = g.initializer("dense.weight", random(rnd, 18, 7));
    String b = g.initializer("dense.bias", random(rnd, 7));
    String dense = g.op("dense", new Op.Gemm(0.5, 2, false, false), flat, w, b);
    String mm = g.op("matmul", new Op.MatMul(), dense, g.initializer("mm.weight", random(rnd, 7, 8)));
    String act = g.op("leaky", new Op.LeakyRelu(0.1), g.op("sub", new Op.Sub(), mm, g.initializer("shift", random(rnd, 8))));
    String clip = g.op("clip", new Op.Clip(-0.5, Double.POSITIVE_INFINITY), g.op("tanh", new Op.Tanh(), act));
    String div = g.op("div", new Op.Div(), clip, g.initializer("two", new Tensor(new int[] {1}, new double[] {2})));
    String shaped = g.op("reshape", new Op.Reshape(new long[] {0, 2, -1}), g.op("sigmoid", new Op.Sigmoid(), div)); // [N,2,4]
    String picked = g.op("gather", new Op.Gather(2, new long[] {3, 0, 1}, false), shaped);                 // [N,2,3]
    String first = g.op("first", new Op.Gather(1, new long[] {0}, true), picked);                          // [N,3]
    String floor = g.op("floor", new Op.StepFunction(Op.StepFunction.Kind.FLOOR), g.op("x10", new Op.Mul(), first,
        g.initializer("ten", new Tensor(new int[] {1}, new double[] {10}))));
    String soft = g.op("softmax", new Op.Softmax(1), g.op("relu", new Op.Relu(), g.op("add", new Op.Add(), floor, first)));
    g.output(g.op("logsoftmax", new Op.LogSoftmax(-1), g.op("id", new Op.Identity(), soft)));
    assertSameFunction(g.build("every-op"), 3, 2e-6);
  }

  @Test void theFileSaysOpsetIrVersionBatchAndMetadata() {
    Graph g = BuiltInModel.PAPER_CNN.build(1);
    Map<String, String> meta = new java.util.LinkedHashMap<>();
    meta.put("insitu.input_range", "-1,1");
    meta.put("insitu.trained_on", "sim");
    Path out = dir.resolve("cnn.onnx");
    OnnxExporter.write(g, OnnxExporter.Options.defaults().withMetadata(meta), out);
    OnnxModel m = OnnxReader.read(out);
    assertEquals(8, m.irVersion());
    assertEquals(17, m.defaultOpset());
    assertEquals("insitu", m.producerName());
    assertEquals(meta, OnnxMetadata.read(out));
    Graph back = Compiler.standard().load(ModelSource.onnx(out));
    assertEquals("input", back.input().name());
    assertArrayEquals(new int[] {-1, 1, 8, 8}, back.input().shape());
    OnnxModel at21 = OnnxReader.read(OnnxExporter.toBytes(g, new OnnxExporter.Options(21, Map.of(), "")), "m21");
    assertEquals(10, at21.irVersion());
    assertEquals(21, at21.defaultOpset());
  }

  @Test void opsetsOutsideThirteenToTwentyOneAreAUsageError() {
    UsageException e = assertThrows(UsageException.class, () -> new OnnxExporter.Options(11, Map.of(), ""));
    assertTrue(e.getMessage().contains("opset 11") && e.getMessage().contains("13 to 21"), e.getMessage());
  }

  @Test void anOpWithoutOnnxFormIsRefusedInOneLineAndNothingIsWritten() throws Exception {
    GraphBuilder g = new GraphBuilder("x", 4);
    String c = g.op("const", new Op.Constant(new Tensor(new int[] {1}, new double[] {2})));
    g.output(g.op("scale", new Op.Mul(), g.input(), c));
    Path out = Files.writeString(dir.resolve("keep.onnx"), "what the user had");
    BadInputException e = assertThrows(BadInputException.class, () -> OnnxExporter.write(g.build("k"), OnnxExporter.Options.defaults(), out));
    assertTrue(e.getMessage().matches("cannot export node 'const\\w*' \\(Constant\\) to ONNX: the exporter writes Conv, Gemm, .*, Im2Col"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    assertEquals("what the user had", Files.readString(out));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(out), files.toList(), "no temporary file left behind");
    }
  }

  @Test void freshNamesAvoidTheGraphsOwn() {
    GraphBuilder g = new GraphBuilder("x", 2, 3);
    g.initializer("r.shape", new Tensor(new int[] {1}, new double[] {7}));
    g.output(g.op("r", new Op.Reshape(new long[] {0, 6}), g.input()));
    assertSameFunction(g.build("names"), 2, 0);
  }

  /** Exports, re-imports, and runs both graphs on the same random batch. */
  private static void assertSameFunction(Graph g, int batch, double relTolerance) {
    byte[] onnx = OnnxExporter.toBytes(g, OnnxExporter.Options.defaults());
    Graph back = Compiler.standard().validating().load(ModelSource.onnx("exported.onnx", onnx));
    int[] shape = g.input().shape();
    shape[0] = batch;
    double[] x = new double[batch * g.input().sampleSize()];
    SplittableRandom rnd = new SplittableRandom(11);
    for (int i = 0; i < x.length; i++) x[i] = rnd.nextDouble();
    Tensor in = new Tensor(shape, x);
    assertEquals(g.outputs().size(), back.outputs().size());
    List<Tensor> want = run(g, in), got = run(back, in);
    for (int o = 0; o < want.size(); o++) {
      assertArrayEquals(want.get(o).shape(), got.get(o).shape(), g.name() + " output " + o);
      double maxDiff = 0, maxAbs = 0;
      for (int k = 0; k < want.get(o).size(); k++) {
        maxDiff = Math.max(maxDiff, Math.abs(want.get(o).data()[k] - got.get(o).data()[k]));
        maxAbs = Math.max(maxAbs, Math.abs(want.get(o).data()[k]));
      }
      assertTrue(maxDiff <= relTolerance * maxAbs, g.name() + " output " + o + ": max |diff| " + maxDiff + " of max |out| " + maxAbs);
    }
  }

  /** A reference interpreter: every node through the compiler's evaluator, in graph order. */
  static List<Tensor> run(Graph g, Tensor input) {
    Map<String, Tensor> values = new HashMap<>(g.initializers());
    values.put(g.input().name(), input);
    for (Node n : g.nodes()) {
      List<Tensor> out = ConstantEvaluator.evaluate(n.op(), n.inputs().stream().map(values::get).toList());
      for (int k = 0; k < out.size(); k++) values.put(n.output(k), out.get(k));
    }
    return g.outputs().stream().map(values::get).toList();
  }

  private static Tensor random(SplittableRandom rnd, int... shape) {
    int n = 1;
    for (int d : shape) n *= d;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = rnd.nextDouble(-1, 1);
    return new Tensor(shape, v);
  }
}
