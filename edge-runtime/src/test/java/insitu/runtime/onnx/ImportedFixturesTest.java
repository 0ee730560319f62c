package insitu.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.boards.BoardOpener;
import insitu.compiler.Compiler;
import insitu.compiler.ModelSource;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.MappingOptions;
import insitu.compiler.mapping.Tile;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.train.Predictor;
import insitu.numeric.parallel.Workers;
import java.io.IOException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every PyTorch fixture imported, mapped and programmed exactly on the ideal simulated board
 * reproduces PyTorch's saved logits on its 300 saved inputs.
 */
class ImportedFixturesTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }


  static Deployment deploy(Graph g) {
    Deployment d = Deployment.map(BoardOpener.open("sim:ideal?arrays=40", 1, WORKERS), WORKERS, g, MappingOptions.autoScale());
    d.programOpenLoop(GateResponse.paper(), 1.6);
    return d;
  }

  @ParameterizedTest
  @ValueSource(strings = {"paper_cnn", "mnist28_cnn", "convlstm"})
  void matchesPyTorchOnTheIdealBoard(String name) throws IOException {
    Graph g = Compiler.standard().validating().load(ModelSource.onnx(Fixture.model(name)));
    Fixture.Npy x = Fixture.npy(name + "_x.npy"), ref = Fixture.npy(name + "_out.npy");
    int n = (int) x.shape()[0], classes = (int) ref.shape()[1];
    assertArrayEquals(x.sampleShape(), g.input().sampleShape());
    double[] out = new Predictor(deploy(g).executor(), 100).outputs(x.values(), n, x.sampleShape());
    assertEquals(ref.values().length, out.length);
    double maxDiff = 0, maxAbs = 0;
    int agree = 0;
    for (int k = 0; k < out.length; k++) {
      maxDiff = Math.max(maxDiff, Math.abs(out[k] - ref.values()[k]));
      maxAbs = Math.max(maxAbs, Math.abs(ref.values()[k]));
    }
    for (int s = 0; s < n; s++) if (argmax(out, s, classes) == argmax(ref.values(), s, classes)) agree++;
    double rel = maxDiff / maxAbs;
    System.out.printf("%s: max |diff| / max |out| = %.3g, classes agree %d/%d%n", name, rel, agree, n);
    assertTrue(rel <= 1e-4, name + ": relative error " + rel);
    assertEquals(n, agree, name + ": predicted classes differ");
  }

  static int argmax(double[] v, int row, int width) {
    int best = 0;
    for (int c = 1; c < width; c++) if (v[row * width + c] > v[row * width + best]) best = c;
    return best;
  }

  @Test
  void mnist28FirstDenseLayerSpansAtLeast20Arrays() {
    Graph g = Compiler.standard().validating().load(ModelSource.onnx(Fixture.model("mnist28_cnn")));
    Deployment d = Deployment.map(BoardOpener.open("sim:ideal?arrays=40", 1, WORKERS), WORKERS, g, MappingOptions.autoScale());
    BlockPlacement fc1 = d.placement().block("fc1.weight");
    long arrays = fc1.tiles().stream().map(Tile::array).collect(Collectors.toSet()).size();
    assertTrue(arrays >= 20, "fc1.weight uses " + arrays + " arrays");
  }
}
