package insitu.runtime.session;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.Board;
import insitu.boards.BoardOpener;
import insitu.compiler.artifact.ArtifactReader;
import insitu.compiler.builder.ModelBuilder;
import insitu.compiler.ir.Graph;
import insitu.errors.UsageException;
import insitu.runtime.train.OptimizerKind;
import insitu.runtime.train.Samples;
import insitu.runtime.train.Trainer;
import insitu.runtime.train.TrainingListener;
import insitu.runtime.train.TrainingOptions;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionTest {
  @TempDir Path tmp;

  private static Graph dense() {
    return ModelBuilder.input("x", 4).dense("d", 3, true).build("m", 1);
  }

  @Test
  void deploysProgramsTrainsAndWritesWhatTheBoardHolds() {
    try (Session s = Session.open("sim:ideal", 1)) {
      Graph g = dense();
      s.deploy(g, s.map(g, null).placement(), null);
      // A noiseless board leaves the paper's initialization exactly balanced: random weights instead.
      assertTrue(s.program(new Programming.PaperInit()).description().startsWith("random weights"));
      Trainer t = s.train(new TrainingOptions(1, 2, 0.05, 1, OptimizerKind.SGD, s.update(UpdateChoice.PAPER), 1, true));
      assertEquals("paper", t.rule().name());
      SplittableRandom r = new SplittableRandom(3);
      double[] x = new double[8 * 4];
      int[] y = new int[8];
      for (int i = 0; i < x.length; i++) x[i] = r.nextDouble() - 0.5;
      for (int i = 0; i < y.length; i++) y[i] = r.nextInt(3);
      t.trainEpoch(new Samples(x, y, new int[] {4}, 3), null, 1, TrainingListener.NONE);
      Path file = tmp.resolve("m.xbar");
      s.writeMeasuredModel(file);
      var saved = ArtifactReader.read(file).graph();
      assertArrayEquals(s.deployment().blocks().get("d.weight").weights(), saved.weightMatrix("d.weight").values(), 0.0,
          "the artifact holds the weights read back from the board");
      assertArrayEquals(t.digitalParameters().get("d.bias"), saved.initializers().get("d.bias").data(), 0.0,
          "and the biases as trained");
    }
  }

  @Test
  void updateChoicesBecomeTheirConfigsOnTheSessionsDevices() {
    try (Session s = Session.open("sim", 1)) {
      Graph g = dense();
      s.deploy(g, s.map(g, null).placement(), null);
      assertEquals("paper+accumulate(0.1 V)", s.update(UpdateChoice.ACCUMULATE).describe());
      assertEquals("manhattan(0.05 V)", s.update(UpdateChoice.MANHATTAN).describe());
      assertEquals("write-verify(threshold 0.05)", s.update(UpdateChoice.WRITE_VERIFY).describe());
      assertThrows(IllegalStateException.class, () -> s.update(UpdateChoice.AUTO));
    }
    assertEquals(UpdateChoice.WRITE_VERIFY, UpdateChoice.AUTO.resolve(true, Initialization.WEIGHTS));
    assertEquals(UpdateChoice.ACCUMULATE, UpdateChoice.AUTO.resolve(false, Initialization.WEIGHTS));
    assertEquals(UpdateChoice.ACCUMULATE, UpdateChoice.AUTO.resolve(true, Initialization.PAPER));
    assertEquals(UpdateChoice.WRITE_VERIFY, UpdateChoice.AUTO.resolve(true, Initialization.ATTACH), "attached weights are trained ones");
    assertEquals(UpdateChoice.MANHATTAN, UpdateChoice.MANHATTAN.resolve(true, Initialization.WEIGHTS));
    assertEquals(Initialization.WEIGHTS, Initialization.AUTO.resolve(true));
    assertEquals(Initialization.PAPER, Initialization.AUTO.resolve(false));
    assertEquals(Initialization.ATTACH, Initialization.ATTACH.resolve(false));
  }

  @Test
  void closesTheBoardItOpenedButNeverTheCallers() {
    Board mine;
    try (Session s = Session.open("sim:ideal", 1)) {
      mine = s.board();
    }
    Board caller = BoardOpener.open("sim:ideal", 1);
    try {
      try (Session s = Session.on(caller)) {
        assertSame(caller, s.board());
      }
      caller.counters(); // still usable
    } finally {
      caller.close();
    }
    assertNotNull(mine);
    assertThrows(UsageException.class, () -> Session.open("warp:drive", 1));
  }
}
