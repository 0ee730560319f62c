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
  void makesAsManySequencesAsTheRarestOfOneTwoThreeInEachSplit() {
    assertEquals(rarest(digits.train()), seq.train().size());
    assertEquals(rarest(digits.test()), seq.test().size());
    assertEquals(798, seq.train().size());
    assertEquals(193, seq.test().size());
    assertArrayEquals(new int[] {3, 1, 8, 8}, seq.train().sampleShape());
    assertEquals(6, seq.train().classes());
    assertEquals("mnist-seq", seq.test().name());
  }

  @Test
  void everyOrderClassMatchesTheLabelsOfItsFrames() {
    for (Dataset d : new Dataset[] {digits.train(), digits.test()}) {
      int[][] picks = MnistSequences.pickDigits(d, 2);
      Set<Integer> used = new HashSet<>();
      for (int[] p : picks) {
        int[] labels = {d.y()[p[0]], d.y()[p[1]], d.y()[p[2]]};
        assertArrayEquals(MnistSequences.ORDERS[p[3]], labels);
        for (int t = 0; t < 3; t++) assertTrue(used.add(p[t]), "digit used twice");
      }
    }
  }

  @Test
  void framesAreTheChosenDigitsAndLabelsTheirOrder() {
    Dataset d = digits.test();
    int[][] picks = MnistSequences.pickDigits(d, MnistSequences.DEFAULT_SEED ^ MnistSequences.TEST_SEED_MIX);
    Dataset s = seq.test();
    double[] frame = new double[64];
    for (int k = 0; k < s.size(); k++) {
      assertEquals(picks[k][3], s.y()[k]);
      for (int t = 0; t < 3; t++) {
        d.sample(picks[k][t], frame);
        assertArrayEquals(frame, Arrays.copyOfRange(s.x(), (k * 3 + t) * 64, (k * 3 + t + 1) * 64));
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
    for (int c = 0; c < 6; c++) assertTrue(hist[c] > 798 / 6 / 2, "order " + c + " appears " + hist[c]);
  }

  private static int rarest(Dataset d) {
    int[] hist = new int[10];
    for (int l : d.y()) hist[l]++;
    return Math.min(hist[1], Math.min(hist[2], hist[3]));
  }
}
