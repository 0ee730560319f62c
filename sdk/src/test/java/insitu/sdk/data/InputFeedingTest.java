package insitu.sdk.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.compiler.InputRange;
import insitu.runtime.train.Float64Source;
import insitu.runtime.train.Uint8Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InputFeedingTest {
  private static final Dataset PIXELS = new Dataset(new double[] {0, 0.25, 1, 0.5}, new int[] {0, 1}, new int[] {2}, 2, "px");
  private final List<String> warnings = new ArrayList<>();

  @Test void builtInDataIsMappedOntoTheModelsRange() {
    DatasetSplit split = new DatasetSplit(PIXELS, PIXELS.subset(1, 2));
    DatasetSplit fed = InputFeeding.feed(split, "mnist28", Optional.of(InputRange.SYMMETRIC), warnings::add);
    assertArrayEquals(new double[] {-1, -0.5, 1, 0}, fed.train().x(), 0);
    assertArrayEquals(new double[] {1, 0}, fed.test().x(), 0);
    assertArrayEquals(PIXELS.y(), fed.train().y());
    assertArrayEquals(new double[] {0, 0.25, 1, 0.5}, PIXELS.x(), 0, "the source data set is left as it was");
    assertEquals(List.of(), warnings);
  }

  @Test void dataAlreadyInRangeOrOfAModelWithoutOneIsPassedThrough() {
    DatasetSplit split = new DatasetSplit(PIXELS, PIXELS);
    assertSame(split, InputFeeding.feed(split, "idx:/some/dir", Optional.of(InputRange.UNIT), warnings::add));
    assertSame(split, InputFeeding.feed(split, "mnist8", Optional.empty(), warnings::add));
    DatasetSplit fed = InputFeeding.feed(split, "mnist8", Optional.of(InputRange.SYMMETRIC), warnings::add);
    assertSame(fed.train(), fed.test(), "one data set used for both stays one");
    assertEquals(List.of(), warnings);
  }

  @Test void filesAreTakenAsGivenWithOneWarningWhenTheyCannotBeWhatTheModelExpects() {
    DatasetSplit split = new DatasetSplit(PIXELS, PIXELS);
    assertSame(split, InputFeeding.feed(split, "npy:x.npy,y.npy", Optional.of(InputRange.SYMMETRIC), warnings::add));
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).startsWith("warning: data npy:x.npy,y.npy has values only in [0, 1] but the model expects inputs in [-1,1]"),
        warnings.get(0));

    warnings.clear();
    Dataset signed = new Dataset(new double[] {-1, 0.5, 1, -0.2}, new int[] {0, 1}, new int[] {2}, 2, "s");
    InputFeeding.feed(new DatasetSplit(signed, signed), "npy:a,b", Optional.of(InputRange.UNIT), warnings::add);
    assertEquals(List.of("warning: data npy:a,b has values in [-1, 1], outside the model's input range [0,1]"), warnings);

    warnings.clear();
    InputFeeding.feed(new DatasetSplit(signed, signed), "npy:a,b", Optional.of(InputRange.SYMMETRIC), warnings::add);
    assertEquals(List.of(), warnings);
  }

  /** Mapped on the fly from the compact store: each of the 256 pixel codes gives exactly fromUnit(code / 255), and a lazy split stays lazy. */
  @Test void mappingReadsTheStoreAsItGoesAndLoadsOnlyWhatIsUsed() {
    byte[] codes = new byte[256];
    for (int v = 0; v < 256; v++) codes[v] = (byte) v;
    int[] labels = new int[128];
    Dataset bytes = new Dataset(Uint8Source.dividedBy(codes, 2, 255.0), labels, new int[] {2}, 1, "codes");
    int[] loads = new int[2];
    DatasetSplit lazy = DatasetSplit.lazy(() -> { loads[0]++; return bytes; }, () -> { loads[1]++; return bytes.subset(0, 4); });
    DatasetSplit fed = InputFeeding.feed(lazy, "idx:/some/dir", Optional.of(InputRange.SYMMETRIC), warnings::add);
    assertArrayEquals(new int[] {0, 0}, loads, "nothing is read before it is used");
    assertEquals(4, fed.test().size());
    assertArrayEquals(new int[] {0, 1}, loads, "evaluating reads the test half alone");
    double[] x = fed.train().x();
    for (int v = 0; v < 256; v++) assertEquals(InputRange.SYMMETRIC.fromUnit(v / 255.0), x[v], 0, "code " + v);
    assertFalse(fed.train().values() instanceof Float64Source, "the bytes are mapped as they are read, not copied to doubles");
  }
}
