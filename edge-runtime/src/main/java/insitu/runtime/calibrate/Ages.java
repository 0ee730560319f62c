package insitu.runtime.calibrate;

/** Durations as users type them for ageing a board: a number and a unit s, m, h or d ("30d", "1.5h", "90s"). */
public final class Ages {
  /** A century: longer than any device model's data reaches, short of where time arithmetic loses meaning. */
  public static final double MAX_SECONDS = 100 * 365.25 * 86400;

  private Ages() {}

  public static double parseSeconds(String text) {
    if (text == null || text.isBlank()) throw new IllegalArgumentException("empty duration; use e.g. 30d, 12h, 5m, 90s");
    String t = text.trim();
    char unit = t.charAt(t.length() - 1);
    double scale = switch (unit) {
      case 's' -> 1;
      case 'm' -> 60;
      case 'h' -> 3600;
      case 'd' -> 86400;
      default -> throw new IllegalArgumentException("duration '" + text + "' needs a unit s, m, h or d (e.g. 30d)");
    };
    try {
      double v = Double.parseDouble(t.substring(0, t.length() - 1));
      if (!(v >= 0) || !(v * scale <= MAX_SECONDS))
        throw new IllegalArgumentException("duration '" + text + "' must be >= 0 and at most a century (36525d)");
      return v * scale;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("duration '" + text + "' is not a number followed by s, m, h or d");
    }
  }
}
