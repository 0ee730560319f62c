package insitu.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import insitu.compiler.builder.PaperModels;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphPrinterTest {
  @Test void oneLinePerInputConstantNodeAndTheOutputs() {
    Graph g = PaperModels.cnn(1);
    String expected = String.join("\n",
        "graph paper-cnn",
        "  input  input [N, 1, 8, 8]",
        "  const  conv1.weight [15, 1, 3, 3]",
        "  const  conv2.weight [4, 15, 2, 2]",
        "  const  fc.weight [10, 64]",
        "  conv1  Conv(k=[3, 3], s=[1, 1], p=[1, 1, 1, 1]) (input, conv1.weight) -> conv1_out [N, 15, 8, 8]",
        "  relu_0  Relu (conv1_out) -> relu_0_out",
        "  conv2  Conv(k=[2, 2], s=[1, 1], p=[0, 0, 1, 1]) (relu_0_out, conv2.weight) -> conv2_out",
        "  maxpool_1  MaxPool(k=[2, 2], s=[2, 2], p=[0, 0, 0, 0]) (conv2_out) -> maxpool_1_out",
        "  flatten_2  Flatten(axis=1) (maxpool_1_out) -> flatten_2_out",
        "  fc  Gemm(alpha=1.0, beta=1.0, transA=false, transB=true) (flatten_2_out, fc.weight) -> fc_out [N, 10]",
        "  output fc_out", "");
    ValueShapes shapes = new ValueShapes(Map.of("conv1_out", new int[] {-1, 15, 8, 8}, "fc_out", new int[] {-1, 10}));
    assertEquals(expected, GraphPrinter.print(g, shapes));
  }
}
