package insitu.sdk.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AreaResamplerTest {

  private static double[] shrink(double[] img28) {
    double[] out = new double[64];
    AreaResampler.mnistCenter8().resample(img28, 0, out, 0, new double[8 * 20]);
    return out;
  }

  /**
   * Independent reference: every 2.5-pixel output cell splits into 5 × 5 half-pixel cells, each
   * inside one input pixel, so the mean over their centres is the exact area average.
   */
  private static double reference(double[] img28, int i, int j) {
    double sum = 0;
    for (int a = 0; a < 5; a++) {
      for (int b = 0; b < 5; b++) {
        int r = (int) Math.floor(4 + 2.5 * i + 0.5 * a + 0.25);
        int c = (int) Math.floor(4 + 2.5 * j + 0.5 * b + 0.25);
        sum += img28[r * 28 + c];
      }
    }
    return sum / 25;
  }

  @Test
  void constantImageStaysConstant() {
    double[] img = new double[784];
    java.util.Arrays.fill(img, 0.7);
    for (double v : shrink(img)) assertEquals(0.7, v, 1e-12);
  }

  @Test
  void fullyCoveredPixelCountsOneOverSixPointTwoFive() {
    double[] img = new double[784];
    img[4 * 28 + 4] = 1; // row 4, col 4: wholly inside output (0, 0)
    double[] out = shrink(img);
    assertEquals(1 / 6.25, out[0], 1e-12);
    double rest = 0;
    for (int k = 1; k < 64; k++) rest += out[k];
    assertEquals(0, rest, 1e-12);
  }

  @Test
  void pixelOnACellBorderIsSharedByFourOutputs() {
    double[] img = new double[784];
    img[6 * 28 + 6] = 1; // row 6 spans 6..7, the border 6.5 between outputs 0 and 1
    double[] out = shrink(img);
    // Each of the four outputs sees a 0.5 × 0.5 quarter of it: 0.25 / 6.25 = 0.04.
    assertEquals(0.04, out[0], 1e-12);
    assertEquals(0.04, out[1], 1e-12);
    assertEquals(0.04, out[8], 1e-12);
    assertEquals(0.04, out[9], 1e-12);
    assertEquals(0, out[2], 1e-12);
  }

  @Test
  void rowRampAveragesByHand() {
    double[] img = new double[784];
    for (int r = 0; r < 28; r++) for (int c = 0; c < 28; c++) img[r * 28 + c] = r;
    double[] out = shrink(img);
    // Output row 0 covers rows 4, 5 and half of 6: (4 + 5 + 3) / 2.5 = 4.8.
    // Output row 1 covers half of 6, then 7 and 8: (3 + 7 + 8) / 2.5 = 7.2.
    for (int j = 0; j < 8; j++) {
      assertEquals(4.8, out[j], 1e-12);
      assertEquals(7.2, out[8 + j], 1e-12);
    }
  }

  @Test
  void pixelsOutsideTheCentreCropAreIgnored() {
    double[] img = new double[784];
    for (int r = 0; r < 28; r++) {
      for (int c = 0; c < 28; c++) {
        if (r < 4 || r > 23 || c < 4 || c > 23) img[r * 28 + c] = 1;
      }
    }
    for (double v : shrink(img)) assertEquals(0, v, 0);
  }

  @Test
  void randomImageMatchesHalfPixelSupersampling() {
    Random rng = new Random(7);
    double[] img = new double[784];
    for (int k = 0; k < img.length; k++) img[k] = rng.nextDouble();
    double[] out = shrink(img);
    for (int i = 0; i < 8; i++) {
      for (int j = 0; j < 8; j++) assertEquals(reference(img, i, j), out[i * 8 + j], 1e-12);
    }
  }
}
