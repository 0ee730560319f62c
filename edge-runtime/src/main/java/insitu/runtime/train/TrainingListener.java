package insitu.runtime.train;

/** Progress callbacks of a training run. */
public interface TrainingListener {
  default void onBatch(int epoch, int batchIndex, int batches) {}

  default void onEpoch(EpochReport report) {}

  TrainingListener NONE = new TrainingListener() {};
}
