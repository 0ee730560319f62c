package insitu.sdk;

import insitu.boards.Board;
import insitu.compiler.mapping.Placement;
import insitu.runtime.Deployment;
import insitu.runtime.exec.GraphExecutor;
import insitu.runtime.tensor.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The per-sample shape of every output of a deployment, found by running one zero sample through
 * the same graph and placement on a scratch noiseless board: the real board's state, clock and
 * noise generator stay untouched, so asking for shapes changes no later result.
 */
final class OutputShapes {
  private OutputShapes() {}

  static List<int[]> probe(Deployment d) {
    Placement p = d.placement();
    try (Board scratch = Insitu.board("sim:ideal?arrays=" + p.arrays() + "&rows=" + p.rows() + "&cols=" + p.cols())) {
      GraphExecutor e = new Deployment(scratch, insitu.numeric.parallel.Workers.sequential(), d.graph(), p).executor();
      int[] sample = d.graph().input().sampleShape(), shape = new int[sample.length + 1];
      shape[0] = 1;
      System.arraycopy(sample, 0, shape, 1, sample.length);
      e.forward(NDArray.zeros(shape));
      List<int[]> r = new ArrayList<>();
      for (NDArray o : e.outputs()) r.add(Arrays.copyOfRange(o.shape(), 1, o.shape().length));
      return r;
    }
  }
}
