package insitu.sdk.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import insitu.compiler.InputRange;
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
}
