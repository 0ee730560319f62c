package insitu.sdk.data;

/**
 * Crops a square region of an image and shrinks it by exact area averaging: each output pixel is
 * the mean of the input area it covers, input pixels weighted by their overlap (so 20 → 8 pixels
 * gives each output 2.5 × 2.5 inputs, the edge inputs counting half). Separable, so the weights
 * are one small matrix used for rows and for columns.
 */
public final class AreaResampler {

  private final int inRows;
  private final int inCols;
  private final int cropTop;
  private final int cropLeft;
  private final int cropSize;
  private final int outSize;
  /** weights[o * cropSize + k]: overlap of crop pixel k with output pixel o, divided by its span. */
  private final double[] weights;

  public AreaResampler(int inRows, int inCols, int cropTop, int cropLeft, int cropSize, int outSize) {
    if (cropTop < 0 || cropLeft < 0 || cropSize < 1 || outSize < 1 || outSize > cropSize
        || cropTop + cropSize > inRows || cropLeft + cropSize > inCols) {
      throw new IllegalArgumentException("crop " + cropSize + " at (" + cropTop + "," + cropLeft
          + ") to " + outSize + " does not fit a " + inRows + "×" + inCols + " image");
    }
    this.inRows = inRows;
    this.inCols = inCols;
    this.cropTop = cropTop;
    this.cropLeft = cropLeft;
    this.cropSize = cropSize;
    this.outSize = outSize;
    this.weights = new double[outSize * cropSize];
    double span = (double) cropSize / outSize;
    for (int o = 0; o < outSize; o++) {
      double lo = o * span;
      double hi = lo + span;
      for (int k = 0; k < cropSize; k++) {
        double overlap = Math.min(hi, k + 1) - Math.max(lo, k);
        if (overlap > 0) weights[o * cropSize + k] = overlap / span;
      }
    }
  }

  /** MNIST's 20×20 centre (rows and columns 4..23 of 28) to 8×8. */
  public static AreaResampler mnistCenter8() {
    return new AreaResampler(28, 28, 4, 4, 20, 8);
  }

  public int outSize() {
    return outSize;
  }

  /**
   * Resamples the image at {@code in[inOffset ..]} (inRows × inCols, row-major) into {@code
   * out[outOffset ..]} (outSize × outSize); {@code rowsTmp} holds outSize × cropSize values.
   */
  public void resample(double[] in, int inOffset, double[] out, int outOffset, double[] rowsTmp) {
    // First collapse rows: rowsTmp[o][k] = sum_r w[o][r] * crop[r][k].
    java.util.Arrays.fill(rowsTmp, 0, outSize * cropSize, 0.0);
    for (int o = 0; o < outSize; o++) {
      for (int r = 0; r < cropSize; r++) {
        double w = weights[o * cropSize + r];
        if (w == 0) continue;
        int src = inOffset + (cropTop + r) * inCols + cropLeft;
        int dst = o * cropSize;
        for (int k = 0; k < cropSize; k++) rowsTmp[dst + k] += w * in[src + k];
      }
    }
    // Then columns: out[o][p] = sum_k rowsTmp[o][k] * w[p][k].
    for (int o = 0; o < outSize; o++) {
      for (int p = 0; p < outSize; p++) {
        double s = 0;
        for (int k = 0; k < cropSize; k++) s += rowsTmp[o * cropSize + k] * weights[p * cropSize + k];
        out[outOffset + o * outSize + p] = s;
      }
    }
  }

  /** Resamples every image of a flat batch of {@code count} images. */
  public double[] resampleAll(double[] in, int count) {
    int inSize = inRows * inCols;
    int outPixels = outSize * outSize;
    double[] out = new double[count * outPixels];
    double[] tmp = new double[outSize * cropSize];
    for (int i = 0; i < count; i++) resample(in, i * inSize, out, i * outPixels, tmp);
    return out;
  }
}
