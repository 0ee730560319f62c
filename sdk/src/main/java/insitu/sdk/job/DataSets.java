package insitu.sdk.job;

import insitu.errors.UsageException;
import insitu.sdk.data.DatasetResolver;
import insitu.sdk.data.DatasetSplit;

/** The data sets the jobs work on: resolved from the user's spec, as the trainer reads them. */
public final class DataSets {
  private DataSets() {}

  /** The splits of a data set spec ({@code mnist8}, {@code idx:DIR}, ...); an unknown spec is a usage error. */
  public static DatasetSplit resolve(String spec, long seed) {
    try {
      return DatasetResolver.resolve(spec, seed);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
