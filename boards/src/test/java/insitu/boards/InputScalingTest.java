package insitu.boards;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InputScalingTest {

  /** The clamp as a reader writes it, with branches. */
  private static double clampedByHand(double x, double scale, double readVolts) {
    double u = x * scale;
    if (u > readVolts) return readVolts;
    if (u < -readVolts) return -readVolts;
    return u;
  }

  @Test
  void voltsAreTheProductClampedBitForBit() {
    double lim = 0.2;
    double[] specials = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE,
        lim, -lim, Math.nextUp(lim), Math.nextDown(-lim), Double.MAX_VALUE, -Double.MAX_VALUE};
    for (double x : specials)
      for (double s : new double[] {1, 0.5, 3, Math.nextUp(1.0), 1e-300, 1e300})
        assertEquals(Double.doubleToRawLongBits(clampedByHand(x, s, lim)), Double.doubleToRawLongBits(InputScaling.volts(x, s, lim)),
            x + " × " + s);
    SplittableRandom rnd = new SplittableRandom(5);
    for (int k = 0; k < 100_000; k++) {
      double x = rnd.nextDouble(-2, 2), max = Math.abs(x) + rnd.nextDouble(0, 1e-15);
      double s = InputScaling.scale(rnd.nextBoolean() ? Math.abs(x) : max, lim);
      assertEquals(Double.doubleToRawLongBits(clampedByHand(x, s, lim)), Double.doubleToRawLongBits(InputScaling.volts(x, s, lim)), x + " × " + s);
    }
  }

  @Test
  void theLargestInputDrivesTheReadVoltageAndNoMore() {
    SplittableRandom rnd = new SplittableRandom(6);
    for (int k = 0; k < 100_000; k++) {
      double a = Math.abs(rnd.nextGaussian()) * Math.pow(10, rnd.nextInt(-5, 5));
      double v = InputScaling.volts(a, InputScaling.scale(a, 0.2), 0.2);
      assertEquals(0.2, v, 1e-16);
      assertEquals(true, v <= 0.2);
    }
    assertEquals(1, InputScaling.scale(0, 0.2));
  }
}
