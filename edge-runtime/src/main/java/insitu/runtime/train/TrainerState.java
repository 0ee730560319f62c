package insitu.runtime.train;

import insitu.boards.BoardCounters;
import insitu.numeric.random.GaussianSource;
import java.util.Map;

/**
 * A trainer between two batches: the epoch in progress (if any), the shuffling generator, the
 * optimizer's and update rule's state, digital parameters, and each crossbar block's last gate
 * voltages and read-back weights. Arrays are owned copies.
 *
 * @param epoch the unfinished epoch, or null when the last epoch finished
 */
public record TrainerState(Epoch epoch, GaussianSource.State shuffler, Map<String, double[][]> optimizer,
                           Map<String, double[]> rule, Map<String, double[]> digital,
                           Map<String, double[][]> gateVolts, Map<String, double[]> weightsRead) {

  /** An epoch stopped after {@code nextBatch} batches of its sample {@code order}. */
  public record Epoch(int epoch, int[] order, int nextBatch, long correct, double lossSum, BoardCounters start,
                      double elapsedSeconds) {}
}
