package insitu.boards;

import java.util.Map;
import java.util.function.Function;

/**
 * Typed values of a board spec string's options ({@code ?arrays=8&stuck=0.01}), checked where they
 * are parsed: a value outside its range, NaN or infinite is refused with
 * {@link IllegalArgumentException} naming the option, never passed on to a board.
 */
final class BoardOptions {
  private final Map<String, String> options;

  BoardOptions(Map<String, String> options) {
    this.options = options;
  }

  boolean has(String key) {
    return options.containsKey(key);
  }

  long integer(String key, long fallback, long min, long max) {
    String range = min + ".." + max;
    Long v = parsed(key, Long::parseLong, "a whole number", range);
    return v == null ? fallback : checked(key, v, v >= min && v <= max, range);
  }

  double real(String key, double fallback, double min, double max) {
    String range = min + " to " + max;
    Double v = parsed(key, Double::parseDouble, "a number", range);
    return v == null ? fallback : checked(key, v, v >= min && v <= max, range);
  }

  /** The option's value as {@code parse} reads it, or null when it is not given. */
  private <T> T parsed(String key, Function<String, T> parse, String kind, String range) {
    String text = options.get(key);
    if (text == null) return null;
    try {
      return parse.apply(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("board option " + key + "=" + text + " is not " + kind + "; valid: " + range);
    }
  }

  private <T> T checked(String key, T value, boolean inRange, String range) {
    if (!inRange) throw new IllegalArgumentException("board option " + key + "=" + options.get(key) + " is outside " + range);
    return value;
  }

  /**
   * Defective lines as {@code array:index;array:index}, each inside the board.
   *
   * @return pairs {array, index}
   */
  int[][] lines(String key, int arrays, int lines) {
    String text = options.getOrDefault(key, "");
    java.util.List<int[]> out = new java.util.ArrayList<>();
    for (String item : text.split(";")) {
      if (item.isEmpty()) continue;
      String[] p = item.split(":");
      int a, i;
      try {
        if (p.length != 2) throw new NumberFormatException();
        a = Integer.parseInt(p[0].strip());
        i = Integer.parseInt(p[1].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("board option " + key + ": '" + item + "' is not array:index");
      }
      if (a < 0 || a >= arrays || i < 0 || i >= lines)
        throw new IllegalArgumentException("board option " + key + ": " + item + " is outside the board's " + arrays + " array(s) of " + lines);
      out.add(new int[] {a, i});
    }
    return out.toArray(new int[0][]);
  }
}
