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
 * once, pool 1 then 2 then 3). Sample k uses the (k mod n_d)-th entry of pool d (n_d its size);
 * whenever k mod n_d wraps to 0 (k &gt; 0) pool d is shuffled again first, so each pass over a
 * pool pairs its digits differently. Then the order of sample k is the next {@code nextInt(6)} of
 * the same generator. {@code java.util.Random} is used because its algorithm is specified by the
 * JDK and never changes.
 *
 * <p>The sizes are the paper's, 5,958 training and 1,010 test sequences (the counts of the rarest
 * of 1, 2, 3 in the full MNIST splits). The bundled digits hold fewer 1s, 2s and 3s, so digits are
 * reused (each about 7 times in train, 5 in test); training frames come only from training digits
 * and test frames only from test digits. A sequence holds the indices of its frames, not copies
 * of them ({@link FrameSequences}), and each split is built when first used.
 */
public final class MnistSequences {

  /** The seed the paper's experiments use. */
  public static final long DEFAULT_SEED = 2;
  /** Frame digits of each class, in time order. */
  static final int[][] ORDERS = {{1, 2, 3}, {1, 3, 2}, {2, 1, 3}, {2, 3, 1}, {3, 1, 2}, {3, 2, 1}};

  /** Number of training sequences (the paper's). */
  public static final int TRAIN_SIZE = 5958;
  /** Number of test sequences (the paper's). */
  public static final int TEST_SIZE = 1010;

  /** Mixed into the seed for the test split, so its order draws are not the train draws again. */
  static final long TEST_SEED_MIX = 0x9E3779B97F4A7C15L;

  private MnistSequences() {}

  /** Sequences from {@code digits.train()} and from {@code digits.test()}, named mnist-seq. */
  public static DatasetSplit of(DatasetSplit digits, long seed) {
    return DatasetSplit.lazy(() -> build(digits.train(), TRAIN_SIZE, seed), () -> build(digits.test(), TEST_SIZE, seed ^ TEST_SEED_MIX));
  }

  /** {@link #of(DatasetSplit, long)} with {@link #DEFAULT_SEED}. */
  public static DatasetSplit of(DatasetSplit digits) {
    return of(digits, DEFAULT_SEED);
  }

  /** {@code count} sequences from one digit set; frames have the digits' sample shape. */
  public static Dataset build(Dataset digits, int count, long seed) {
    return assemble(digits, pickDigits(digits, count, seed));
  }

  /**
   * For each sequence, the indices into {@code digits} of its three frames in time order, and in
   * the last column its class: rows of {frame0, frame1, frame2, class}.
   */
  static int[][] pickDigits(Dataset digits, int count, long seed) {
    Random rng = new Random(seed);
    int[][] pools = new int[4][];
    for (int d = 1; d <= 3; d++) {
      pools[d] = indicesOf(digits.y(), d);
      if (pools[d].length == 0 && count > 0)
        throw new IllegalArgumentException("mnist-seq: the digit set has no " + d + "s");
      shuffle(pools[d], rng);
    }
    int[][] picks = new int[count][];
    int[] digit = new int[4];
    for (int k = 0; k < count; k++) {
      for (int d = 1; d <= 3; d++) {
        int j = k % pools[d].length;
        if (j == 0 && k > 0) shuffle(pools[d], rng); // a new pass: pair the digits differently
        digit[d] = pools[d][j];
      }
      int cls = rng.nextInt(ORDERS.length);
      int[] order = ORDERS[cls];
      picks[k] = new int[] {digit[order[0]], digit[order[1]], digit[order[2]], cls};
    }
    return picks;
  }

  private static Dataset assemble(Dataset digits, int[][] picks) {
    int[] frames = new int[picks.length * 3];
    int[] y = new int[picks.length];
    for (int k = 0; k < picks.length; k++) {
      System.arraycopy(picks[k], 0, frames, k * 3, 3);
      y[k] = picks[k][3];
    }
    int[] frameShape = digits.sampleShape();
    int[] shape = new int[frameShape.length + 1];
    shape[0] = 3;
    System.arraycopy(frameShape, 0, shape, 1, frameShape.length);
    return new Dataset(new FrameSequences(digits.values(), frames, 3), y, shape, ORDERS.length, "mnist-seq");
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
