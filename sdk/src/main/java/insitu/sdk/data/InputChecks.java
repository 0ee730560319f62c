package insitu.sdk.data;

import insitu.errors.BadInputException;

/** Checks shared by the readers; each failure names the source file. */
final class InputChecks {

  private InputChecks() {}

  /** Rejects NaN and infinities, which would silently poison training. */
  static void requireFinite(double[] x, String source) {
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        throw new BadInputException(source + ": input value " + i + " is " + x[i]
            + "; inputs must be finite numbers");
      }
    }
  }

  /** Returns the number of classes, max label + 1, after rejecting negative labels. */
  static int classesOf(int[] y, String source) {
    int max = -1;
    for (int i = 0; i < y.length; i++) {
      if (y[i] < 0) {
        throw new BadInputException(source + ": label " + i + " is " + y[i] + "; labels must be >= 0");
      }
      max = Math.max(max, y[i]);
    }
    return Math.max(1, max + 1);
  }
}
