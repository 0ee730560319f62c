package insitu.compiler;

import insitu.errors.UsageException;

/**
 * The range of input values a model was trained on, e.g. [0, 1] for pixels / 255 or [−1, 1] for
 * pixels / 255 · 2 − 1. It travels with the model (an ONNX file's {@code insitu.input_range}
 * metadata, an artifact's manifest) so data can be fed the way the model expects.
 *
 * @param low the smallest value a model input takes
 * @param high the largest
 */
public record InputRange(double low, double high) {
  /** Pixels / 255: the scale of every bundled data set. */
  public static final InputRange UNIT = new InputRange(0, 1);
  /** Pixels / 255 · 2 − 1. */
  public static final InputRange SYMMETRIC = new InputRange(-1, 1);

  public InputRange {
    if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high))
      throw new IllegalArgumentException("an input range needs finite bounds with low < high, got " + low + "," + high);
  }

  /**
   * Parses {@code "LOW,HIGH"} (e.g. {@code "0,1"} or {@code "-1,1"}).
   *
   * @throws UsageException naming the text when it is not a range
   */
  public static InputRange parse(String text) {
    String[] parts = text == null ? new String[0] : text.strip().split(",", -1);
    try {
      if (parts.length == 2) return new InputRange(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
    } catch (IllegalArgumentException e) {
      // falls through to the one message below
    }
    throw new UsageException("input range '" + text + "' is not LOW,HIGH with LOW < HIGH (e.g. 0,1 or -1,1)");
  }

  /** The value {@code x} of a [0, 1]-scaled input becomes in this range. */
  public double fromUnit(double x) {
    return low + (high - low) * x;
  }

  /** Whether every value in [min, max] lies in this range (up to a rounding's width). */
  public boolean covers(double min, double max) {
    double slack = 1e-6 * (high - low);
    return min >= low - slack && max <= high + slack;
  }

  /** {@code "0,1"}, {@code "-1,1"}: the form {@link #parse} reads and ONNX metadata carries. */
  @Override public String toString() {
    return number(low) + "," + number(high);
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
