package insitu.sdk.data;

/** A training set and the test set it is evaluated on. */
public record DatasetSplit(Dataset train, Dataset test) {

  public DatasetSplit {
    if (train == null || test == null) {
      throw new IllegalArgumentException("dataset split: train and test must be given");
    }
  }
}
