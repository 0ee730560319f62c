package insitu.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.boards.Board;
import insitu.boards.BoardOpener;
import insitu.compiler.Compiler;
import insitu.compiler.ModelSource;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.MappingOptions;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.exec.GraphExecutor;
import insitu.runtime.tensor.NDArray;
import insitu.runtime.train.Loss;
import insitu.runtime.train.Samples;
import insitu.runtime.train.Trainer;
import insitu.runtime.train.TrainingListener;
import insitu.runtime.train.TrainingOptions;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Imported models of the new op families train in situ: on the ideal board, with their PyTorch
 * weights programmed, a few epochs of the default rule lower the cross-entropy on a small
 * labelled set (labels from a fixed random linear teacher of the input, so there is something to
 * learn) by a clear margin. Digital parameters (PRelu slopes, BatchNorm scale and bias, recurrent
 * biases) train alongside the crossbar weights.
 */
class FamilyTrainingTest {
  static final int EPOCHS = 8;

  @ParameterizedTest
  @ValueSource(strings = {"prelu_op17", "bn_after_pool_op17", "lstm_batch_first_op17", "gru_batch_first_op13", "reduce_mean_op18", "softplus_op11"})
  void lossFallsOverAFewEpochs(String name) {
    Graph g = Compiler.standard().load(ModelSource.onnx(Fixture.families().resolve(name + ".onnx")));
    int[] sample = g.input().sampleShape();
    int per = java.util.Arrays.stream(sample).reduce(1, (a, b) -> a * b);
    try (Board board = BoardOpener.open("sim:ideal?arrays=16", 1)) {
      Deployment d = Deployment.map(board, insitu.numeric.parallel.Workers.sequential(), g, MappingOptions.autoScale());
      d.programOpenLoop(GateResponse.paper(), 1.6);
      GraphExecutor probe = d.executor();
      int classes = probe.forward(new NDArray(shape(1, sample), new double[per])).dim(1);
      Samples train = teacher(96, per, sample, classes);
      Trainer t = new Trainer(d, TrainingOptions.defaults(EPOCHS, 16, 1), GateResponse.paper());
      double before = loss(t, train);
      for (int e = 1; e <= EPOCHS; e++) t.trainEpoch(train, null, e, TrainingListener.NONE);
      double after = loss(t, train);
      System.out.printf("in situ training %-24s cross-entropy %.4f -> %.4f%n", name, before, after);
      assertTrue(after < 0.9 * before, name + ": cross-entropy " + before + " -> " + after);
    }
  }

  private static int[] shape(int n, int[] sample) {
    int[] s = new int[sample.length + 1];
    s[0] = n;
    System.arraycopy(sample, 0, s, 1, sample.length);
    return s;
  }

  /** Mean cross-entropy of the model on the whole set (one batch). */
  private static double loss(Trainer t, Samples s) {
    t.executor().forward(new NDArray(shape(s.size(), s.sampleShape()), s.x().toDoubles()));
    return Loss.crossEntropy(Loss.Steps.LAST).evaluate(t.executor().outputs(), s.y(), s.classes()).loss() / s.size();
  }

  /** Gaussian inputs labelled by the argmax of a fixed random linear map of them. */
  private static Samples teacher(int n, int per, int[] sample, int classes) {
    SplittableRandom r = new SplittableRandom(42);
    double[] w = new double[classes * per], x = new double[n * per];
    for (int i = 0; i < w.length; i++) w[i] = r.nextDouble() * 2 - 1;
    int[] y = new int[n];
    for (int k = 0; k < n; k++) {
      double best = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < per; i++) x[k * per + i] = r.nextDouble() * 2 - 1;
      for (int c = 0; c < classes; c++) {
        double s = 0;
        for (int i = 0; i < per; i++) s += w[c * per + i] * x[k * per + i];
        if (s > best) {
          best = s;
          y[k] = c;
        }
      }
    }
    return new Samples(x, y, sample, classes);
  }
}
