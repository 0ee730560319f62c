package insitu.compiler.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MappingOptionsAutoScaleTest {

  @Test
  void smallWeightsKeepThePaperScaleAndLargeOnesAreScaledIntoTheWindow() {
    MappingOptions auto = MappingOptions.autoScale();
    assertEquals(100e-6, auto.siemensPerWeightFor(0), 0);
    assertEquals(100e-6, auto.siemensPerWeightFor(2.9), 1e-18);
    assertEquals(290e-6 / 10, auto.siemensPerWeightFor(10), 1e-18);
    // The default keeps one scale whatever the weights, as before.
    assertEquals(100e-6, MappingOptions.defaults().siemensPerWeightFor(10), 0);
    // Options survive the with* copies.
    assertEquals(290e-6, auto.withReplication("w", 2, 1).maxWeightSiemens(), 0);
  }
}
