package insitu.compiler.builder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaperModelsTest {

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
