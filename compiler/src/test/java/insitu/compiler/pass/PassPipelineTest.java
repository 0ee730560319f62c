package insitu.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.Mapping;
import insitu.compiler.mapping.MappingOptions;
import insitu.compiler.mapping.Placement;
import insitu.compiler.mapping.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassPipelineTest {
  /** A broken pass: drops the graph's first node, so its output is read before anything defines it. */
  static final class DropFirstNode implements Pass {
    @Override public CompileUnit run(CompileUnit u) {
      Graph g = u.graph();
      return u.withGraph(g.with(g.inputs(), g.initializers(), g.nodes().subList(1, g.nodes().size())));
    }
  }

  @Test void aValidatingPipelineNamesThePassThatBrokeTheGraphWithItsDump() {
    PassPipeline p = PassPipeline.of(new PruneUnused(), new DropFirstNode(), new InferShapes()).validating();
    assertEquals(List.of("PruneUnused", "DropFirstNode", "InferShapes"), p.names());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.run(CompileUnit.lowered("paper-cnn", PaperModels.cnn(1))));
    assertTrue(e.getMessage().startsWith("invalid graph after DropFirstNode: node 'relu_0' reads 'conv1_out' before it is defined"), e.getMessage());
    assertTrue(e.getMessage().contains("\ngraph paper-cnn\n  input  input [N, 1, 8, 8]\n"), e.getMessage());
  }

  @Test void aPipelineThatDoesNotValidateRunsThePassesAsTheyAre() {
    CompileUnit u = PassPipeline.of(new DropFirstNode()).run(CompileUnit.lowered("paper-cnn", PaperModels.cnn(1)));
    assertEquals(PaperModels.cnn(1).nodes().size() - 1, u.graph().nodes().size());
  }

  @Test void aPlacementThatCoversAWeightTwiceIsCaught() {
    Graph g = PaperModels.cnn(1);
    Pass twice = new Pass() {
      @Override public String name() {
        return "DuplicateTiles";
      }

      @Override public CompileUnit run(CompileUnit u) {
        Placement p = u.mapping().placement();
        var b = p.blocks().get(0);
        var doubled = new insitu.compiler.mapping.BlockPlacement(b.weight(), b.outputs(), b.inputs(), b.siemensPerWeight(),
            List.of(b.tiles().get(0), b.tiles().get(0)));
        var blocks = new java.util.ArrayList<>(p.blocks());
        blocks.set(0, doubled);
        return u.withMapping(Mapping.of(new Placement(p.arrays(), p.rows(), p.cols(), blocks), 1, 1));
      }
    };
    PassPipeline p = PassPipeline.of(new MapToTiles(MappingOptions.defaults()), twice).validating();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> p.run(CompileUnit.lowered("paper-cnn", g).onTarget(Target.of(MapToTilesTest.board(1)))));
    assertTrue(e.getMessage().startsWith("invalid placement after DuplicateTiles: "), e.getMessage());
    assertTrue(e.getMessage().contains("is used twice"), e.getMessage());
  }
}
