package insitu.sdk.data;

import insitu.errors.BadInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header dictionary of a {@code .npy} file, parsed as the Python literal it is (any key
 * order, either quote style, extra spaces, trailing commas, Python 2 {@code 3L} integers) rather
 * than matched with a pattern that breaks on the next NumPy version.
 */
record NpyHeader(String descr, boolean fortranOrder, int[] shape) {

  static NpyHeader parse(String text, String source) {
    Object value;
    try {
      Parser p = new Parser(text.strip());
      value = p.value();
      p.skipSpace();
      if (p.pos != p.s.length()) throw p.error("unexpected text after the dictionary");
    } catch (IllegalArgumentException e) {
      throw new BadInputException(source + ": malformed .npy header (" + DataFile.printable(e.getMessage()) + ")");
    }
    if (!(value instanceof Map<?, ?> dict)) {
      throw new BadInputException(source + ": malformed .npy header (not a dictionary)");
    }
    Object descr = dict.get("descr");
    Object fortran = dict.get("fortran_order");
    Object shape = dict.get("shape");
    if (descr == null || fortran == null || shape == null) {
      throw new BadInputException(source + ": .npy header lacks one of 'descr', 'fortran_order', 'shape'");
    }
    if (!(descr instanceof String d)) {
      throw new BadInputException(source + ": structured dtype " + shown(descr) + " is not supported; save a plain numeric array");
    }
    if (!(fortran instanceof Boolean f)) {
      throw new BadInputException(source + ": .npy header 'fortran_order' is " + shown(fortran) + ", expected True or False");
    }
    if (!(shape instanceof List<?> dims)) {
      throw new BadInputException(source + ": .npy header 'shape' is " + shown(shape) + ", expected a tuple");
    }
    int[] s = new int[dims.size()];
    for (int i = 0; i < s.length; i++) {
      if (!(dims.get(i) instanceof Long v) || v < 0 || v > Integer.MAX_VALUE) {
        throw new BadInputException(source + ": .npy header 'shape' has a bad dimension " + shown(dims.get(i)));
      }
      s[i] = (int) (long) v;
    }
    return new NpyHeader(d, f, s);
  }

  /** A header value as an error shows it: one line, at most 60 characters. */
  static String shown(Object value) {
    String s = DataFile.printable(String.valueOf(value));
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  /** Recursive-descent parser for the Python literals a header can hold. */
  private static final class Parser {
    /** A real header holds two (the dict and the shape tuple); refusing more also bounds the recursion. */
    static final int MAX_CONTAINERS = 16;

    final String s;
    int pos;
    int containers;

    Parser(String s) {
      this.s = s;
    }

    Object value() {
      skipSpace();
      if (pos >= s.length()) throw error("unexpected end");
      char c = s.charAt(pos);
      if ((c == '{' || c == '(' || c == '[') && ++containers > MAX_CONTAINERS) {
        throw error("more than " + MAX_CONTAINERS + " dicts, tuples or lists");
      }
      if (c == '{') return dict();
      if (c == '(') return sequence('(', ')');
      if (c == '[') return sequence('[', ']');
      if (c == '\'' || c == '"') return string();
      if (c == '-' || c == '+' || Character.isDigit(c)) return integer();
      if (s.startsWith("True", pos)) { pos += 4; return Boolean.TRUE; }
      if (s.startsWith("False", pos)) { pos += 5; return Boolean.FALSE; }
      if (s.startsWith("None", pos)) { pos += 4; return "None"; }
      throw error("unexpected '" + c + "'");
    }

    Map<String, Object> dict() {
      Map<String, Object> m = new LinkedHashMap<>();
      pos++;
      while (true) {
        skipSpace();
        if (peek() == '}') { pos++; return m; }
        Object key = value();
        if (!(key instanceof String k)) throw error("dictionary key is not a string");
        skipSpace();
        expect(':');
        m.put(k, value());
        skipSpace();
        if (peek() == ',') pos++;
        else if (peek() != '}') throw error("expected ',' or '}'");
      }
    }

    List<Object> sequence(char open, char close) {
      List<Object> l = new ArrayList<>();
      pos++;
      while (true) {
        skipSpace();
        if (peek() == close) { pos++; return l; }
        l.add(value());
        skipSpace();
        if (peek() == ',') pos++;
        else if (peek() != close) throw error("expected ',' or '" + close + "'");
      }
    }

    String string() {
      char quote = s.charAt(pos++);
      StringBuilder b = new StringBuilder();
      while (pos < s.length() && s.charAt(pos) != quote) {
        char c = s.charAt(pos++);
        if (c == '\\' && pos < s.length()) c = s.charAt(pos++);
        b.append(c);
      }
      expect(quote);
      return b.toString();
    }

    Long integer() {
      int start = pos;
      if (s.charAt(pos) == '-' || s.charAt(pos) == '+') pos++;
      while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
      String digits = s.substring(start, pos);
      if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) pos++;
      try {
        return Long.parseLong(digits);
      } catch (NumberFormatException e) {
        throw error("bad integer '" + shown(digits) + "'");
      }
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
    }

    char peek() {
      if (pos >= s.length()) throw error("unexpected end");
      return s.charAt(pos);
    }

    void expect(char c) {
      if (pos >= s.length() || s.charAt(pos) != c) throw error("expected '" + c + "'");
      pos++;
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException(what + " at character " + pos);
    }
  }
}
