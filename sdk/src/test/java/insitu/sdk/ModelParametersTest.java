package insitu.sdk;

import static org.junit.jupiter.api.Assertions.*;

import insitu.compiler.artifact.SigningKeys;
import insitu.errors.BadInputException;
import insitu.errors.UsageException;
import insitu.sdk.data.Dataset;
import insitu.sdk.data.DatasetSplit;
import insitu.sdk.job.CompileJob;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK methods a fleet needs: parameters in and out, the learned model, attaching, verified loads, seeded boards. */
class ModelParametersTest {
  static final DatasetSplit DIGITS = Insitu.data("mnist8");
  @TempDir Path tmp;

  private Path compiled(Path key) {
    Path out = tmp.resolve(key == null ? "m.xbar" : "signed.xbar");
    CompileJob.run(new CompileJob.Request("paper-cnn", "sim:ideal", out, null, null, key, 1));
    return out;
  }

  @Test
  void parametersGoOutAndComeBackThroughAnArtifact() {
    Model m = Insitu.load(compiled(null).toString());
    assertTrue(m.target().isPresent());
    Map<String, double[]> p = m.parameters();
    String first = p.keySet().iterator().next();
    p.get(first)[0] += 0.25;
    Model changed = m.withParameters(Map.of(first, p.get(first)));
    assertEquals(m.parameters().get(first)[0] + 0.25, changed.parameters().get(first)[0]);
    Path file = tmp.resolve("changed.xbar");
    changed.save(file, null);
    assertArrayEquals(changed.parameters().get(first), Insitu.load(file.toString()).parameters().get(first));
    assertThrows(BadInputException.class, () -> m.withParameters(Map.of("nope", new double[1])));
    assertThrows(BadInputException.class, () -> m.withParameters(Map.of(first, new double[1])));
    double[] bad = p.get(first).clone();
    bad[1] = Double.NaN;
    assertThrows(BadInputException.class, () -> m.withParameters(Map.of(first, bad)));
    assertThrows(UsageException.class, () -> Insitu.load("paper-cnn").save(file, null), "a built-in model has no target yet");
  }

  @Test
  void anAttachedModelComputesWhatTheBoardHolds() {
    Dataset test = DIGITS.test().subset(0, 300);
    try (var board = Insitu.board("sim:ideal", 1)) {
      DeployedModel m = Insitu.load(compiled(null).toString()).deploy(board, DeployOptions.defaults());
      m.fineTune(DIGITS.train().subset(0, 500), 1);
      int[] before = m.predict(test.x(), test.size());
      Model learned = m.learnedModel();
      DeployedModel attached = learned.deploy(board, DeployOptions.defaults().attach());
      long pulses = board.counters().pulses();
      assertArrayEquals(before, attached.predict(test.x(), test.size()));
      assertEquals(pulses, board.counters().pulses(), "attaching programs nothing");
      assertTrue(attached.initialization().contains("attached"), attached.initialization());
    }
    assertThrows(UsageException.class, () -> Insitu.load("paper-cnn").deploy("sim", DeployOptions.defaults().attach()));
  }

  @Test
  void aVerifiedLoadRefusesWhatTheKeyDidNotSign() throws Exception {
    Path priv = tmp.resolve("k.pem"), pub = tmp.resolve("p.pem");
    SigningKeys.write(SigningKeys.generate(), priv, pub);
    var key = SigningKeys.readPublic(pub);
    assertTrue(Insitu.load(compiled(priv), key).target().isPresent());
    BadInputException e = assertThrows(BadInputException.class, () -> Insitu.load(compiled(null), key));
    assertTrue(e.getMessage().contains("not signed"), e.getMessage());
  }

  @Test
  void boardsOfOneSpecWithOtherSeedsAreOtherChips() {
    try (var a = Insitu.board("sim:realistic", 1); var b = Insitu.board("sim:realistic", 2); var c = Insitu.board("sim:realistic", 1)) {
      var ca = Insitu.calibrate(a).stuckCells();
      assertNotEquals(ca, Insitu.calibrate(b).stuckCells());
      assertEquals(ca, Insitu.calibrate(c).stuckCells());
    }
  }
}
