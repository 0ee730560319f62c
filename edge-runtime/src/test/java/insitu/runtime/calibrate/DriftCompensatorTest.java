package insitu.runtime.calibrate;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardOpener;
import insitu.compiler.builder.PaperModels;
import insitu.compiler.mapping.MappingOptions;
import insitu.runtime.Deployment;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.GateResponse;
import insitu.numeric.parallel.Workers;
import org.junit.jupiter.api.Test;

class DriftCompensatorTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }

  @Test void recoversAColumnGainExactly() {
    int out = 3, in = 4;
    double[] ref = new double[out * in], now = new double[out * in];
    double[] g = {0.8, 1.0, 1.25};
    for (int j = 0; j < out; j++)
      for (int i = 0; i < in; i++) { ref[j * in + i] = (i + 1) * (j % 2 == 0 ? 1 : -1) * 0.3; now[j * in + i] = ref[j * in + i] / g[j]; }
    DriftCompensator.Fit f = DriftCompensator.fit("w", ref, now, out, in);
    assertArrayEquals(g, f.gain(), 1e-12);
    assertEquals(0, f.rmsAfter(), 1e-12);
    assertTrue(f.rmsBefore() > 0);
  }

  /** The hook in CrossbarBlock: gain 2 doubles every output, null removes it. */
  @Test void blockAppliesTheCorrectionToItsOutputs() {
    Deployment d = Deployment.map(BoardOpener.open("sim:ideal", 1, WORKERS), WORKERS, PaperModels.cnn(3), MappingOptions.defaults());
    d.programOpenLoop(GateResponse.paper(), 1.6);
    CrossbarBlock b = d.blocks().values().iterator().next();
    double[] x = new double[b.inputs()];
    for (int i = 0; i < x.length; i++) x[i] = Math.sin(i + 1);
    double[] y0 = new double[b.outputs()], y1 = new double[b.outputs()], y2 = new double[b.outputs()];
    b.mvm(x, 1, y0);
    double[] gain = new double[b.outputs()];
    java.util.Arrays.fill(gain, 2);
    b.setOutputCorrection(gain, null);
    b.mvm(x, 1, y1);
    b.setOutputCorrection(null, null);
    b.mvm(x, 1, y2);
    for (int j = 0; j < y0.length; j++) {
      assertEquals(2 * y0[j], y1[j], 1e-12);
      assertEquals(y0[j], y2[j], 0);
    }
  }
}
