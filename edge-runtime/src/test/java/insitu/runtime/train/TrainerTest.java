package insitu.runtime.train;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardOpener;
import insitu.boards.sim.SimulatedBoard;
import insitu.compiler.builder.ModelBuilder;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.MappingOptions;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.GateResponse;
import insitu.numeric.parallel.Workers;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainerTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  /** Two Gaussian blobs per class in 16 dimensions: separable, so in situ training must solve it. */
  static Samples blobs(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] centers = new double[4][16];
    SplittableRandom c = new SplittableRandom(99);
    for (double[] ce : centers) for (int i = 0; i < 16; i++) ce[i] = c.nextDouble() * 2 - 1;
    double[] x = new double[n * 16];
    int[] y = new int[n];
    for (int k = 0; k < n; k++) {
      y[k] = r.nextInt(4);
      for (int i = 0; i < 16; i++) x[k * 16 + i] = centers[y[k]][i] + 0.3 * (r.nextDouble() - 0.5);
    }
    return new Samples(x, y, new int[] {16}, 4);
  }

  private static Deployment deploy(String board, long seed) {
    Graph g = ModelBuilder.input("x", 16).dense("h", 12, false).relu().dense("o", 4, false).build("mlp", seed);
    Deployment d = Deployment.map(BoardOpener.open(board, seed, WORKERS), WORKERS, g, MappingOptions.defaults());
    d.initializeUniform(GateResponse.paper(), 1.6);
    return d;
  }

  @Test
  void inSituTrainingOnThePaperBoardLearnsASeparableProblem() {
    Deployment d = deploy("sim", 3);
    Trainer t = new Trainer(d, TrainingOptions.defaults(5, 20, 3), GateResponse.paper());
    Samples train = blobs(600, 1), test = blobs(300, 2);
    EpochReport last = null;
    for (int e = 1; e <= 5; e++) last = t.trainEpoch(train, test, e, TrainingListener.NONE);
    assertTrue(last.testAccuracy() > 0.9, "test accuracy " + last.testAccuracy());
    assertTrue(last.pulses() > 0);
  }

  @Test
  void sameSeedGivesTheSameConductances() {
    double[] a = run(7), b = run(7), c = run(8);
    assertArrayEquals(a, b);
    assertFalse(java.util.Arrays.equals(a, c));
  }

  private static double[] run(long seed) {
    Deployment d = deploy("sim", seed);
    Trainer t = new Trainer(d, TrainingOptions.paper(1, 20, seed), GateResponse.paper());
    t.trainEpoch(blobs(200, 1), null, 1, TrainingListener.NONE);
    return ((SimulatedBoard) d.board()).trueConductances(0);
  }

  @Test
  void paperRuleAndDefaultRuleBothReducePulsesAsDocumented() {
    Deployment paper = deploy("sim", 4), acc = deploy("sim", 4);
    Samples train = blobs(400, 1);
    long pp = new Trainer(paper, TrainingOptions.paper(1, 20, 4), GateResponse.paper()).trainEpoch(train, null, 1, TrainingListener.NONE).pulses();
    long pa = new Trainer(acc, TrainingOptions.defaults(1, 20, 4), GateResponse.paper()).trainEpoch(train, null, 1, TrainingListener.NONE).pulses();
    // The exact rule pulses every device of a weight with a non-zero gradient at every batch (SET on both, RESET on one).
    assertTrue(pp > 5 * pa, "paper " + pp + " vs accumulate " + pa);
  }
}
