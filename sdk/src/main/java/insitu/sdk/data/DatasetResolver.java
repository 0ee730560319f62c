package insitu.sdk.data;

import org.tinylog.Logger;

/**
 * Turns the {@code --data} argument of the CLI into a train/test split:
 *
 * <ul>
 *   <li>{@code mnist8}: the bundled digits, 20×20 centre area-averaged to 8×8 (8,000 / 2,000);
 *   <li>{@code mnist28}: the bundled digits at 28×28 (8,000 / 2,000);
 *   <li>{@code mnist-seq}: 3-frame sequences of a 1, a 2 and a 3 from mnist8, 6 order classes
 *       (5,958 / 1,010, digits reused), built with {@code seed};
 *   <li>{@code idx:DIR}: standard MNIST / Fashion-MNIST IDX files in DIR, gzipped or not, each
 *       split read when first used;
 *   <li>{@code npy:X.npy,Y.npy}: one set of inputs and int64 labels, used as both the training
 *       and the test set (the same {@link Dataset} instance), since a single pair of files has no
 *       split of its own; it is meant for evaluation and fine-tuning on given data.
 * </ul>
 *
 * An unknown name is a usage error ({@link IllegalArgumentException}, listing the valid names);
 * a file that cannot be used is an {@link insitu.errors.BadInputException}.
 */
public final class DatasetResolver {

  /** The accepted forms, as shown to the user. */
  public static final String VALID_NAMES = "mnist8, mnist28, mnist-seq, idx:DIR, npy:X.npy,Y.npy";

  private DatasetResolver() {}

  /** Loads the data set named by {@code spec}; {@code seed} only affects {@code mnist-seq}. */
  public static DatasetSplit resolve(String spec, long seed) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("no data set given; valid: " + VALID_NAMES);
    }
    String s = spec.strip();
    Logger.debug("loading data set {}", s);
    switch (s) {
      case "mnist8":
        return BundledMnist.load().mnist8();
      case "mnist28":
        return BundledMnist.load().mnist28();
      case "mnist-seq":
        return MnistSequences.of(BundledMnist.load().mnist8(), seed);
      default:
        break;
    }
    if (s.startsWith("idx:") && s.length() > 4) {
      return IdxReader.readDirectory(DataFile.path(s.substring(4)));
    }
    if (s.startsWith("npy:")) {
      String[] files = s.substring(4).split(",", -1);
      if (files.length != 2 || files[0].isBlank() || files[1].isBlank()) {
        throw new IllegalArgumentException("data set '" + DataFile.printable(spec) + "': npy needs two files, npy:X.npy,Y.npy");
      }
      Dataset d = NpyReader.readDataset(DataFile.path(files[0].strip()), DataFile.path(files[1].strip()));
      return new DatasetSplit(d, d);
    }
    throw new IllegalArgumentException("unknown data set '" + DataFile.printable(spec) + "'; valid: " + VALID_NAMES);
  }
}
