package insitu.sdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a deployed model accumulates beyond the board and the trainer: how much it learned, the
 * stream buffer of {@link DeployedModel#learn(double[], int, int)} and the weights drift is
 * measured against. Saved with the model's state; guarded by the model's lock.
 */
final class LearnedState {
  int epochsTrained;
  long learnedSamples;
  long learnUpdates;
  long recalibrations;
  final List<double[]> streamX = new ArrayList<>();
  final List<Integer> streamY = new ArrayList<>();
  /** Per crossbar block, the weights read right after programming or after the last learning. */
  final Map<String, double[]> driftReference = new LinkedHashMap<>();
}
