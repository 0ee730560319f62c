package insitu.sdk.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MnistSequencesTest {

  private static DatasetSplit digits;
  private static DatasetSplit seq;

  @BeforeAll
  static void build() {
    digits = BundledMnist.load().mnist8();
    seq = MnistSequences.of(digits, MnistSequences.DEFAULT_SEED);
  }

  @Test
  void classesAreTheLexicographicPermutationsOfOneTwoThree() {
    assertArrayEquals(new int[][] {{1, 2, 3}, {1, 3, 2}, {2, 1, 3}, {2, 3, 1}, {3, 1, 2}, {3, 2, 1}},
        MnistSequences.ORDERS);
  }

  @Test
  void makesThePapersNumbersOfSequences() {
    assertEquals(5958, seq.train().size());
    assertEquals(1010, seq.test().size());
    assertArrayEquals(new int[] {3, 1, 8, 8}, seq.train().sampleShape());
    assertEquals(6, seq.train().classes());
    assertEquals("mnist-seq", seq.test().name());
  }

  @Test
  void everyOrderClassMatchesTheLabelsOfItsFrames() {
    for (Dataset d : new Dataset[] {digits.train(), digits.test()}) {
      int[][] picks = MnistSequences.pickDigits(d, 3000, 2);
      for (int[] p : picks) {
        int[] labels = {d.y()[p[0]], d.y()[p[1]], d.y()[p[2]]};
        assertArrayEquals(MnistSequences.ORDERS[p[3]], labels);
      }
    }
  }

  @Test
  void eachPassUsesEveryDigitOnceAndPassesPairDifferently() {
    Dataset d = digits.train();
    int ones = 0;
    for (int l : d.y()) if (l == 1) ones++;
    int[][] picks = MnistSequences.pickDigits(d, 2 * ones, 2);
    Set<Integer> first = new HashSet<>(), second = new HashSet<>();
    int samePartner = 0;
    java.util.Map<Integer, Integer> partner = new java.util.HashMap<>();
    for (int k = 0; k < 2 * ones; k++) {
      int one = -1, two = -1;
      for (int t = 0; t < 3; t++) {
        if (d.y()[picks[k][t]] == 1) one = picks[k][t];
        if (d.y()[picks[k][t]] == 2) two = picks[k][t];
      }
      assertTrue((k < ones ? first : second).add(one), "a 1 used twice within one pass");
      if (k < ones) partner.put(one, two);
      else if (partner.get(one) == two) samePartner++;
    }
    assertEquals(ones, first.size());
    assertEquals(first, second);
    assertTrue(samePartner < ones / 10, samePartner + " of " + ones + " 1s met the same 2 again");
  }

  @Test
  void trainFramesComeFromTrainDigitsAndTestFramesFromTestDigits() {
    assertEquals(8000 * 64, digits.train().x().length);
    Set<String> trainFrames = frames(digits.train()), testFrames = frames(digits.test());
    double[] f = new double[64];
    double[] testX = seq.test().x(), trainX = seq.train().x();
    for (int k = 0; k < 200; k++) {
      System.arraycopy(testX, k * 64, f, 0, 64);
      assertTrue(testFrames.contains(Arrays.toString(f)));
      System.arraycopy(trainX, k * 64, f, 0, 64);
      assertTrue(trainFrames.contains(Arrays.toString(f)));
    }
  }

  private static Set<String> frames(Dataset d) {
    Set<String> s = new HashSet<>();
    double[] f = new double[64];
    for (int i = 0; i < d.size(); i++) {
      d.sample(i, f);
      s.add(Arrays.toString(f));
    }
    return s;
  }

  @Test
  void framesAreTheChosenDigitsAndLabelsTheirOrder() {
    Dataset d = digits.test();
    int[][] picks = MnistSequences.pickDigits(d, MnistSequences.TEST_SIZE, MnistSequences.DEFAULT_SEED ^ MnistSequences.TEST_SEED_MIX);
    Dataset s = seq.test();
    double[] frame = new double[64];
    double[] x = s.x();
    for (int k = 0; k < s.size(); k++) {
      assertEquals(picks[k][3], s.y()[k]);
      for (int t = 0; t < 3; t++) {
        d.sample(picks[k][t], frame);
        assertArrayEquals(frame, Arrays.copyOfRange(x, (k * 3 + t) * 64, (k * 3 + t + 1) * 64));
      }
    }
  }

  @Test
  void sameSeedGivesTheSameSetAndAnotherSeedAnother() {
    DatasetSplit again = MnistSequences.of(digits, 2);
    assertEquals(seq.train(), again.train());
    assertEquals(seq.test(), again.test());
    DatasetSplit other = MnistSequences.of(digits, 3);
    assertNotEquals(seq.train(), other.train());
  }

  @Test
  void allSixOrdersOccur() {
    int[] hist = new int[6];
    for (int c : seq.train().y()) hist[c]++;
    for (int c = 0; c < 6; c++) assertTrue(hist[c] > 5958 / 6 / 2, "order " + c + " appears " + hist[c]);
  }
}
