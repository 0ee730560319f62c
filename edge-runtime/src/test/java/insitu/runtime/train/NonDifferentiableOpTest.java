package insitu.runtime.train;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardOpener;
import insitu.compiler.Compiler;
import insitu.compiler.ModelSource;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.MappingOptions;
import insitu.compiler.onnx.OnnxDataType;
import insitu.compiler.onnx.OnnxModelBuilder;
import insitu.errors.BadInputException;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.tensor.NDArray;
import insitu.numeric.parallel.Workers;
import java.util.List;
import org.junit.jupiter.api.Test;

class NonDifferentiableOpTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  private static float[] weights(int n, float scale) {
    float[] w = new float[n];
    for (int i = 0; i < n; i++) w[i] = scale * (float) Math.sin(1.7 * i + 0.3);
    return w;
  }

  /** x[4] → Gemm(W1 3×4) → {op} → Gemm(W2 2×3) → y, or with the op on the input when {@code onInput}. */
  private static Graph model(String op, boolean onInput) {
    OnnxModelBuilder b = new OnnxModelBuilder("m").opset(13).input("x", OnnxDataType.FLOAT, -1, 4)
        .floats("w1", new long[] {3, 4}, weights(12, 2f)).floats("w2", new long[] {2, 3}, weights(6, 1f));
    if (onInput) {
      b.node(op, "/q", List.of("x"), List.of("xq"))
          .node("Gemm", "/fc1", List.of("xq", "w1"), List.of("h"), OnnxModelBuilder.attr("transB", 1L))
          .node("Gemm", "/fc2", List.of("h", "w2"), List.of("y"), OnnxModelBuilder.attr("transB", 1L));
    } else {
      b.node("Gemm", "/fc1", List.of("x", "w1"), List.of("h"), OnnxModelBuilder.attr("transB", 1L))
          .node(op, "/q", List.of("h"), List.of("hq"))
          .node("Gemm", "/fc2", List.of("hq", "w2"), List.of("y"), OnnxModelBuilder.attr("transB", 1L));
    }
    return Compiler.standard().validating().load(new ModelSource.Onnx(b.output("y").build(), "m.onnx"));
  }

  private static Deployment deploy(Graph g) {
    Deployment d = Deployment.map(BoardOpener.open("sim:ideal", 1, WORKERS), WORKERS, g, MappingOptions.defaults());
    d.programOpenLoop(GateResponse.paper(), 1.6);
    return d;
  }

  @Test
  void stepFunctionsRunInInference() {
    Deployment d = deploy(model("Round", false));
    NDArray y = d.executor().forward(new NDArray(new int[] {1, 4}, new double[] {0.3, -0.7, 0.9, 0.1}));
    // Reference by hand: h = W1·x, rounded half to even, then W2·round(h).
    float[] w1 = weights(12, 2f), w2 = weights(6, 1f);
    double[] x = {0.3, -0.7, 0.9, 0.1}, h = new double[3];
    for (int j = 0; j < 3; j++) {
      for (int i = 0; i < 4; i++) h[j] += w1[j * 4 + i] * x[i];
      h[j] = Math.rint(h[j]);
    }
    for (int k = 0; k < 2; k++) {
      double e = 0;
      for (int j = 0; j < 3; j++) e += w2[k * 3 + j] * h[j];
      assertEquals(e, y.data()[k], 1e-6);
    }
  }

  @Test
  void trainingStopsAtOnceNamingTheOp() {
    for (String op : new String[] {"Round", "Floor", "Ceil", "Sign"}) {
      Deployment d = deploy(model(op, false));
      BadInputException e = assertThrows(BadInputException.class,
          () -> new Trainer(d, TrainingOptions.defaults(1, 10, 1), GateResponse.paper()));
      assertTrue(e.getMessage().contains("/q") && e.getMessage().contains(op), e.getMessage());
    }
  }

  @Test
  void aStepFunctionOnTheInputDoesNotBlockTraining() {
    Deployment d = deploy(model("Round", true));
    assertDoesNotThrow(() -> new Trainer(d, TrainingOptions.defaults(1, 10, 1), GateResponse.paper()));
  }
}
