package insitu.compiler.builder;

import static org.junit.jupiter.api.Assertions.*;

import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaperModelsTest {
  @Test
  void paperCnnHas1015WeightsAndNoBias() {
    Graph g = PaperModels.cnn(1);
    assertEquals(1015, g.crossbarWeightCount());
    assertEquals(135, g.initializers().get("conv1.weight").size());
    assertEquals(240, g.initializers().get("conv2.weight").size());
    assertEquals(640, g.initializers().get("fc.weight").size());
    assertEquals(3, g.initializers().size(), "no biases anywhere");
  }

  @Test
  void secondConvPadsOnlyAfterAsInThePaper() {
    Graph g = PaperModels.cnn(1);
    Node conv2 = g.nodes().stream().filter(n -> n.name().equals("conv2")).findFirst().orElseThrow();
    assertArrayEquals(new int[] {0, 0, 1, 1}, ((Op.Conv) conv2.op()).pads());
    Node conv1 = g.nodes().get(0);
    assertArrayEquals(new int[] {1, 1, 1, 1}, ((Op.Conv) conv1.op()).pads());
  }

  @Test
  void weightsAreSeededUniformWithinOneOverSqrtFanIn() {
    Graph a = PaperModels.cnn(3), b = PaperModels.cnn(3), c = PaperModels.cnn(4);
    assertEquals(a.initializers(), b.initializers());
    assertNotEquals(a.initializers(), c.initializers());
    double bound = 1 / Math.sqrt(60);
    for (double w : a.initializers().get("conv2.weight").data()) assertTrue(Math.abs(w) <= bound);
  }

  @Test void convLstmSharesTwoWeightsOverThreeSteps() {
    Graph g = PaperModels.convLstm(1);
    assertEquals(List.of("lstm.weight", "fc.weight"), List.copyOf(g.crossbarWeights()));
    assertEquals(850, g.crossbarWeightCount());
    assertEquals(3, g.outputs().size());
    assertArrayEquals(new int[] {3, 1, 8, 8}, g.input().sampleShape());
    long mvms = g.nodes().stream().filter(n -> n.op() instanceof Op.MatMul).count();
    long gemms = g.nodes().stream().filter(n -> n.op() instanceof Op.Gemm).count();
    assertEquals(3, mvms);
    assertEquals(3, gemms);
    // The crossbar sees the weight as 20 gate outputs × 29 patch inputs.
    assertEquals(20, g.weightMatrix("lstm.weight").outputs());
    assertEquals(29, g.weightMatrix("lstm.weight").inputs());
  }

  @Test void seedChangesTheWeightsOnly() {
    assertEquals(PaperModels.convLstm(4).initializers(), PaperModels.convLstm(4).initializers());
    assertEquals(PaperModels.convLstm(4).nodes().stream().map(Object::toString).toList(),
        PaperModels.convLstm(5).nodes().stream().map(Object::toString).toList());
  }

  @Test void im2colIsTwoDimensional() {
    assertThrows(IllegalArgumentException.class, () -> new Op.Im2Col(new int[] {3}, new int[] {1, 1}, new int[4]));
  }
}
