package insitu.sdk.data;

import java.util.Random;

/**
 * The {@code mnist-seq} task of the paper: each sample is three frames, one digit 1, one digit 2
 * and one digit 3 in some order, and the class says which of the six orders it is. Classes follow
 * the lexicographic order of the permutations of (1, 2, 3): 0 = 123, 1 = 132, 2 = 213, 3 = 231,
 * 4 = 312, 5 = 321.
 *
 * <p>Recipe, fixed so a seed always gives the same set: take the indices of the 1s, 2s and 3s of
 * the digit set in their stored order; shuffle each pool (Fisher–Yates with {@link Random} seeded
 * once, pool 1 then 2 then 3); sample k pairs the k-th 1, 2 and 3, and its order is the next
 * {@code nextInt(6)} of the same generator. So there are as many samples as the rarest of the
 * three digits, and every digit appears at most once. {@code java.util.Random} is used because its
 * algorithm is specified by the JDK and never changes.
 *
 * <p>With the bundled digits this gives 798 training and 193 test sequences (the paper, drawing
 * from the full MNIST, had 5,958 and 1,010).
 */
public final class MnistSequences {

  /** The seed the paper's experiments use. */
  public static final long DEFAULT_SEED = 2;
  /** Frame digits of each class, in time order. */
  static final int[][] ORDERS = {{1, 2, 3}, {1, 3, 2}, {2, 1, 3}, {2, 3, 1}, {3, 1, 2}, {3, 2, 1}};

  /** Mixed into the seed for the test split, so its order draws are not the train draws again. */
  static final long TEST_SEED_MIX = 0x9E3779B97F4A7C15L;

  private MnistSequences() {}

  /** Sequences from {@code digits.train()} and from {@code digits.test()}, named mnist-seq. */
  public static DatasetSplit of(DatasetSplit digits, long seed) {
    return new DatasetSplit(build(digits.train(), seed), build(digits.test(), seed ^ TEST_SEED_MIX));
  }

  /** {@link #of(DatasetSplit, long)} with {@link #DEFAULT_SEED}. */
  public static DatasetSplit of(DatasetSplit digits) {
    return of(digits, DEFAULT_SEED);
  }

  /** Sequences from one digit set; frames have the digits' sample shape. */
  public static Dataset build(Dataset digits, long seed) {
    return assemble(digits, pickDigits(digits, seed));
  }

  /**
   * For each sequence, the indices into {@code digits} of its three frames in time order, and in
   * the last column its class: rows of {frame0, frame1, frame2, class}.
   */
  static int[][] pickDigits(Dataset digits, long seed) {
    Random rng = new Random(seed);
    int[][] pools = new int[4][];
    for (int d = 1; d <= 3; d++) {
      pools[d] = indicesOf(digits.y(), d);
      shuffle(pools[d], rng);
    }
    int n = Math.min(pools[1].length, Math.min(pools[2].length, pools[3].length));
    int[][] picks = new int[n][];
    for (int k = 0; k < n; k++) {
      int cls = rng.nextInt(ORDERS.length);
      int[] order = ORDERS[cls];
      picks[k] = new int[] {pools[order[0]][k], pools[order[1]][k], pools[order[2]][k], cls};
    }
    return picks;
  }

  private static Dataset assemble(Dataset digits, int[][] picks) {
    int frame = digits.sampleSize();
    double[] src = digits.x();
    double[] x = new double[picks.length * 3 * frame];
    int[] y = new int[picks.length];
    for (int k = 0; k < picks.length; k++) {
      for (int t = 0; t < 3; t++) {
        System.arraycopy(src, picks[k][t] * frame, x, (k * 3 + t) * frame, frame);
      }
      y[k] = picks[k][3];
    }
    int[] frameShape = digits.sampleShape();
    int[] shape = new int[frameShape.length + 1];
    shape[0] = 3;
    System.arraycopy(frameShape, 0, shape, 1, frameShape.length);
    return new Dataset(x, y, shape, ORDERS.length, "mnist-seq");
  }

  private static int[] indicesOf(int[] labels, int digit) {
    int n = 0;
    for (int l : labels) if (l == digit) n++;
    int[] idx = new int[n];
    int j = 0;
    for (int i = 0; i < labels.length; i++) if (labels[i] == digit) idx[j++] = i;
    return idx;
  }

  private static void shuffle(int[] a, Random rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
