package insitu.fleet.agent;

import insitu.sdk.data.Dataset;
import insitu.sdk.data.DatasetSplit;

/**
 * A device's own labelled samples: {@code train} is the stream it fine-tunes on, {@code test} what
 * its reported accuracy is measured on.
 */
public record DeviceData(Dataset train, Dataset test) {
  /** No local samples: the device reports no accuracy and answers rounds with what it has, counting zero samples. */
  public static DeviceData none() {
    Dataset empty = new Dataset(new double[0], new int[0], new int[] {1}, 1, "none");
    return new DeviceData(empty, empty);
  }

  /** All of a data set. */
  public static DeviceData of(DatasetSplit split) {
    return new DeviceData(split.train(), split.test());
  }

  /**
   * Shard {@code index} of {@code count}: a contiguous, disjoint slice of the training split and of
   * the test split (the bundled data sets are shuffled, so slices are alike). Shards together hold
   * each sample once, so a fleet's data costs what the data set costs.
   */
  public static DeviceData shard(DatasetSplit split, int index, int count) {
    if (count < 1 || index < 0 || index >= count) throw new IllegalArgumentException("shard " + index + " of " + count);
    return new DeviceData(slice(split.train(), index, count), slice(split.test(), index, count));
  }

  private static Dataset slice(Dataset d, int index, int count) {
    long n = d.size();
    return d.subset((int) (n * index / count), (int) (n * (index + 1) / count));
  }
}
