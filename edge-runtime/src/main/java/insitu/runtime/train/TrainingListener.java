package insitu.runtime.train;

/** Progress callbacks of a training run. */
public interface TrainingListener {
  /** A run is about to train epochs {@code firstEpoch} to {@code lastEpoch} (none when first > last). */
  default void onRun(int firstEpoch, int lastEpoch) {}

  default void onBatch(int epoch, int batchIndex, int batches) {}

  default void onEpoch(EpochReport report) {}

  TrainingListener NONE = new TrainingListener() {};
}
