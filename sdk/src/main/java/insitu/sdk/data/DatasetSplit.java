package insitu.sdk.data;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A training set and the test set it is evaluated on. A split may be lazy: each half is loaded
 * the first time it is asked for and kept, so a command that only evaluates never reads (or
 * holds) the training half.
 */
public final class DatasetSplit {
  /** What loads each half until it is loaded; then null, so what it read from (a file's bytes, the bundled digits) can go. */
  private Supplier<Dataset> trainLoader;
  private Supplier<Dataset> testLoader;
  private Dataset train;
  private Dataset test;

  /** Both halves, already loaded. */
  public DatasetSplit(Dataset train, Dataset test) {
    if (train == null || test == null) {
      throw new IllegalArgumentException("dataset split: train and test must be given");
    }
    this.train = train;
    this.test = test;
    this.trainLoader = null;
    this.testLoader = null;
  }

  private DatasetSplit(Supplier<Dataset> train, Supplier<Dataset> test) {
    this.trainLoader = train;
    this.testLoader = test;
  }

  /** Halves loaded on first use; a loader's error reaches the caller of {@link #train()} or {@link #test()}. */
  public static DatasetSplit lazy(Supplier<Dataset> train, Supplier<Dataset> test) {
    if (train == null || test == null) {
      throw new IllegalArgumentException("dataset split: train and test loaders must be given");
    }
    return new DatasetSplit(train, test);
  }

  /** The training half, loaded now if it was not yet. */
  public synchronized Dataset train() {
    if (train == null) {
      train = require(trainLoader.get(), "train");
      trainLoader = null;
    }
    return train;
  }

  /** The test half, loaded now if it was not yet. */
  public synchronized Dataset test() {
    if (test == null) {
      test = require(testLoader.get(), "test");
      testLoader = null;
    }
    return test;
  }

  /**
   * This split with {@code f} applied to each half: at once for a loaded split (one data set used
   * for both halves stays one), when each half is first asked for otherwise.
   */
  public synchronized DatasetSplit map(UnaryOperator<Dataset> f) {
    if (trainLoader == null && testLoader == null) {
      Dataset t = f.apply(train);
      return new DatasetSplit(t, test == train ? t : f.apply(test));
    }
    return lazy(() -> f.apply(train()), () -> f.apply(test()));
  }

  private static Dataset require(Dataset d, String half) {
    if (d == null) throw new IllegalStateException("dataset split: the " + half + " loader returned nothing");
    return d;
  }

  @Override
  public String toString() {
    return "DatasetSplit[train " + (train == null ? "not loaded" : train) + ", test " + (test == null ? "not loaded" : test) + "]";
  }
}
