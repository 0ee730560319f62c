package insitu.compiler.builder;

import static org.junit.jupiter.api.Assertions.*;

import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
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
}
