package insitu.sdk.job;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TargetSpecsTest {
  @Test
  void withArraysKeepsEveryOtherOptionOfTheSpec() {
    assertEquals("sim:paper?arrays=40", TargetSpecs.withArrays("sim:paper", 40));
    assertEquals("sim?arrays=40", TargetSpecs.withArrays("sim", 40));
    assertEquals("sim:paper?arrays=40&seed=3", TargetSpecs.withArrays("sim:paper?arrays=8&seed=3", 40));
    assertEquals("sim:ideal?seed=3&arrays=40&badRows=0:1", TargetSpecs.withArrays("sim:ideal?seed=3&arrays=1&badRows=0:1", 40));
    assertEquals("sim:paper?seed=3&arrays=40", TargetSpecs.withArrays("sim:paper?seed=3", 40));
    assertNull(TargetSpecs.withArrays("board.json", 40), "a real board's spec file has the arrays it has");
  }
}
