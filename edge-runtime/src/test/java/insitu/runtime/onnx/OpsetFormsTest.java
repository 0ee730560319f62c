package insitu.runtime.onnx;

import static insitu.compiler.onnx.OnnxModelBuilder.attr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import insitu.boards.Board;
import insitu.boards.BoardOpener;
import insitu.compiler.Compiler;
import insitu.compiler.ModelSource;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.MappingOptions;
import insitu.compiler.onnx.OnnxDataType;
import insitu.compiler.onnx.OnnxModelBuilder;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.exec.GraphExecutor;
import insitu.runtime.tensor.NDArray;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The attribute-versus-input forms that differ between opsets, each normalized to the same IR,
 * against values worked out by hand from the ONNX operator changelog's definitions.
 */
class OpsetFormsTest {

  /** Runs a one-input model on one sample and returns its outputs' values. */
  private static List<double[]> run(OnnxModelBuilder m, long opset, double[] sample, int... sampleShape) {
    Graph g = Compiler.standard().validating().load(new ModelSource.Onnx(m.opset(opset).build(), "m.onnx"));
    int[] shape = new int[sampleShape.length + 1];
    shape[0] = 1;
    System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
    try (Board board = BoardOpener.open("sim:ideal?arrays=2", 1)) {
      Deployment d = Deployment.map(board, insitu.numeric.parallel.Workers.sequential(), g, MappingOptions.autoScale());
      d.programOpenLoop(GateResponse.paper(), 1.6);
      GraphExecutor e = d.executor();
      e.forward(new NDArray(shape, sample));
      return e.outputs().stream().map(NDArray::data).toList();
    }
  }

  private static double[] softmax(double... v) {
    double s = 0;
    double[] r = new double[v.length];
    for (double x : v) s += Math.exp(x);
    for (int i = 0; i < v.length; i++) r[i] = Math.exp(v[i]) / s;
    return r;
  }

  @Test void softmaxBeforeOpset13NormalizesOverEveryAxisFromItsAxisOn() {
    double[] x = {0.1, -0.4, 0.9, 0.3, 0.0, -1.2};
    OnnxModelBuilder m = new OnnxModelBuilder("sm").input("x", OnnxDataType.FLOAT, -1, 2, 3).output("y")
        .node("Softmax", "/sm", List.of("x"), List.of("y"), attr("axis", 1L));
    assertArrayEquals(softmax(x), run(m, 11, x, 2, 3).get(0), 1e-12);
    double[] a = softmax(x[0], x[3]), b = softmax(x[1], x[4]), c = softmax(x[2], x[5]);
    assertArrayEquals(new double[] {a[0], b[0], c[0], a[1], b[1], c[1]}, run(m, 13, x, 2, 3).get(0), 1e-12);
  }

  @Test void splitByNumOutputsGivesTheLastPartTheRest() {
    OnnxModelBuilder m = new OnnxModelBuilder("split").input("x", OnnxDataType.FLOAT, -1, 7).output("a").output("b").output("c")
        .node("Split", "/split", List.of("x"), List.of("a", "b", "c"), attr("axis", 1L), attr("num_outputs", 3L));
    List<double[]> out = run(m, 18, new double[] {1, 2, 3, 4, 5, 6, 7}, 7);
    assertArrayEquals(new double[] {1, 2, 3}, out.get(0));
    assertArrayEquals(new double[] {4, 5, 6}, out.get(1));
    assertArrayEquals(new double[] {7}, out.get(2));
  }

  @Test void padsForSomeAxesAndTheirModes() {
    double[] x = {1, 2, 3, 4};
    OnnxModelBuilder reflect = new OnnxModelBuilder("pad").input("x", OnnxDataType.FLOAT, -1, 1, 4).output("y")
        .longs("pads", new long[] {2}, 2, 1).longs("axes", new long[] {1}, -1)
        .node("Pad", "/pad", List.of("x", "pads", "", "axes"), List.of("y"), attr("mode", "reflect"));
    assertArrayEquals(new double[] {3, 2, 1, 2, 3, 4, 3}, run(reflect, 18, x, 1, 4).get(0));
    OnnxModelBuilder wrap = new OnnxModelBuilder("pad").input("x", OnnxDataType.FLOAT, -1, 1, 4).output("y")
        .longs("pads", new long[] {6}, 0, 0, 2, 0, 0, 3)
        .node("Pad", "/pad", List.of("x", "pads"), List.of("y"), attr("mode", "wrap"));
    assertArrayEquals(new double[] {3, 4, 1, 2, 3, 4, 1, 2, 3}, run(wrap, 19, x, 1, 4).get(0));
    OnnxModelBuilder edge = new OnnxModelBuilder("pad").input("x", OnnxDataType.FLOAT, -1, 1, 4).output("y")
        .node("Pad", "/pad", List.of("x"), List.of("y"), attr("mode", "edge"), attr("pads", new long[] {0, 0, 1, 0, 0, 2}));
    assertArrayEquals(new double[] {1, 1, 2, 3, 4, 4, 4}, run(edge, 9, x, 1, 4).get(0));
  }

  @Test void sliceBoundsAsAttributesInOpset9() {
    OnnxModelBuilder m = new OnnxModelBuilder("slice").input("x", OnnxDataType.FLOAT, -1, 5).output("y")
        .node("Slice", "/slice", List.of("x"), List.of("y"), attr("starts", new long[] {1}), attr("ends", new long[] {-1}),
            attr("axes", new long[] {1}));
    assertArrayEquals(new double[] {2, 3, 4}, run(m, 9, new double[] {1, 2, 3, 4, 5}, 5).get(0));
  }

  @Test void reduceAxesAsAttributeOrInputAndTheEmptyAxesNoop() {
    double[] x = {1, 2, 3, 4, 5, 6};
    OnnxModelBuilder attribute = new OnnxModelBuilder("r").input("x", OnnxDataType.FLOAT, -1, 2, 3).output("y")
        .node("ReduceMean", "/r", List.of("x"), List.of("y"), attr("axes", new long[] {2}), attr("keepdims", 0L));
    assertArrayEquals(new double[] {2, 5}, run(attribute, 11, x, 2, 3).get(0));
    OnnxModelBuilder input = new OnnxModelBuilder("r").input("x", OnnxDataType.FLOAT, -1, 2, 3).output("y")
        .longs("axes", new long[] {1}, 1)
        .node("ReduceL2", "/r", List.of("x", "axes"), List.of("y"));
    assertArrayEquals(new double[] {Math.sqrt(17), Math.sqrt(29), Math.sqrt(45)}, run(input, 18, x, 2, 3).get(0), 1e-12);
    OnnxModelBuilder noop = new OnnxModelBuilder("r").input("x", OnnxDataType.FLOAT, -1, 2, 3).output("y")
        .node("ReduceMax", "/r", List.of("x"), List.of("y"), attr("noop_with_empty_axes", 1L));
    assertArrayEquals(x, run(noop, 18, x, 2, 3).get(0));
  }

  /** Weight [1, 2, 3], stride 2 on [a, b]: the full output is [a, 2a, 3a + b, 2b, 3b]; output_shape 4 crops as the spec says. */
  @Test void convTransposeOutputShapePadsAsTheSpecDerivesThem() {
    double[] x = {1, 10};
    for (String auto : new String[] {"NOTSET", "SAME_UPPER"}) {
      OnnxModelBuilder m = new OnnxModelBuilder("ct").input("x", OnnxDataType.FLOAT, -1, 1, 2).output("y")
          .floats("w", new long[] {1, 1, 3}, 1, 2, 3)
          .node("ConvTranspose", "/ct", List.of("x", "w"), List.of("y"), attr("strides", new long[] {2}), attr("output_shape", new long[] {4}),
              attr("auto_pad", auto));
      double[] want = auto.equals("NOTSET") ? new double[] {2, 13, 20, 30} : new double[] {1, 2, 13, 20};
      assertArrayEquals(want, run(m, 17, x, 1, 2).get(0), 1e-9, auto);
    }
  }
}
