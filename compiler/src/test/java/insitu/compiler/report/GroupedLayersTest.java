package insitu.compiler.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import insitu.boards.BoardOpener;
import insitu.compiler.Compilation;
import insitu.compiler.Compiler;
import insitu.compiler.ModelSource;
import insitu.compiler.mapping.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupedLayersTest {

  @Test void aDepthwiseLayerReportsItsBlocksAndWhatBlockDiagonalWouldCost() throws Exception {
    Path model = Path.of(getClass().getResource("/onnx-families/conv_depthwise_op17.onnx").toURI());
    Compilation c = Compiler.standard().compile(ModelSource.onnx(model), Target.of(BoardOpener.spec("sim:paper?arrays=2")));
    List<GroupedLayers.Layer> g = GroupedLayers.of(c.placement());
    // Depthwise 6 → 6 (3×3), pointwise (not grouped), depthwise 12 → 24 (multiplier 2).
    assertEquals(2, g.size());
    GroupedLayers.Layer dw = g.get(1);
    assertEquals("4.weight", dw.layer());
    assertEquals(12, dw.groups());
    assertEquals(12, dw.blocks());
    assertEquals(2, dw.blockOutputs());
    assertEquals(9, dw.blockInputs());
    assertEquals(12 * 2 * 9 * 2, dw.devices(), "a differential pair per weight, nothing else");
    assertEquals(12L * 12 * 2 * 9 * 2, dw.blockDiagonalDevices());
    assertEquals(36.0 / (128 * 64), dw.arrayFractionPerProduct(), 1e-12);
    assertEquals(Optional.of(g), CompileSummary.of(c.graph(), c.placement(), c.target().spec()).groupedLayers());
  }
}
