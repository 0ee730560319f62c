package insitu.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Damage to a valid JSON document, token by token: values of the wrong type, NaN and infinities,
 * negative, huge and fractional numbers, missing and renamed fields, extra nesting (deep enough to
 * overflow a recursive parser), huge arrays, truncation. Works on the text, so it also makes
 * documents that are not JSON at all, as a hand edit does.
 */
public final class JsonMutations {
  private static final Pattern TOKEN = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|true|false|null|[\\[\\]{}]");
  private static final String[] NUMBERS = {"NaN", "\"NaN\"", "Infinity", "-Infinity", "\"Infinity\"", "-1", "-0.0", "0", "1e308", "-1e308",
      "1e999", "2147483648", "-2147483649", "9223372036854775808", "1.5", "4.9e-324", "\"12\"", "99999999999", "1e9", "65536"};
  private static final String[] VALUES = {"null", "true", "[]", "{}", "\"\"", "\"x\"", "123", "[1, 2]", "{\"a\": 1}", "\"\\u0000\""};

  /** A huge array stays below a few MB of text, whatever its element. */
  private static final int MAX_GROWTH_CHARS = 1 << 20;

  private JsonMutations() {}

  /** One to three edits. */
  public static String mutate(String json, SplittableRandom r) {
    String s = json;
    for (int edits = 1 + r.nextInt(3); edits > 0; edits--) s = once(s, r);
    return s;
  }

  private record Token(int start, int end, String text) {
    boolean isString() { return text.startsWith("\""); }
    boolean isNumber() { return Character.isDigit(text.charAt(text.length() - 1)) && !isString(); }
    boolean opens() { return text.equals("[") || text.equals("{"); }
  }

  private static String once(String s, SplittableRandom r) {
    List<Token> tokens = tokens(s);
    if (tokens.isEmpty()) return s + "}";
    List<Token> numbers = new ArrayList<>(), keys = new ArrayList<>(), values = new ArrayList<>();
    for (Token t : tokens) {
      if (t.isString() && isKey(s, t)) keys.add(t);
      else if (!t.text().equals("]") && !t.text().equals("}")) values.add(t);
      if (t.isNumber()) numbers.add(t);
    }
    switch (r.nextInt(10)) {
      case 0, 1 -> {
        if (numbers.isEmpty()) return s;
        return replace(s, pick(numbers, r), NUMBERS[r.nextInt(NUMBERS.length)]);
      }
      case 2 -> {
        Token v = pick(values, r);
        return replace(s, v.start(), valueEnd(s, v), VALUES[r.nextInt(VALUES.length)]);
      }
      case 3 -> {
        if (keys.isEmpty()) return s;
        return removeField(s, pick(keys, r));
      }
      case 4 -> {
        if (keys.isEmpty()) return s;
        return replace(s, pick(keys, r), "\"renamed" + r.nextInt(100) + "\"");
      }
      case 5 -> {
        Token v = pick(values, r);
        int end = valueEnd(s, v);
        String inner = s.substring(v.start(), end);
        return replace(s, v.start(), end, r.nextBoolean() ? "[" + inner + "]" : "{\"x\": " + inner + "}");
      }
      case 6 -> {
        // Nesting far deeper than any real document: a recursive parser would overflow its stack.
        Token v = pick(values, r);
        int depth = r.nextBoolean() ? 5_000 : 300;
        return replace(s, v.start(), valueEnd(s, v), "[".repeat(depth) + "1" + "]".repeat(depth));
      }
      case 7 -> {
        // A huge array: the first element of an array, repeated.
        List<Token> arrays = tokens.stream().filter(t -> t.text().equals("[")).toList();
        if (arrays.isEmpty()) return s;
        Token a = pick(arrays, r);
        int end = valueEnd(s, a);
        String body = s.substring(a.start() + 1, end - 1).strip();
        String first = body.isEmpty() ? "0" : body.substring(0, valueEnd(body, tokens(body).get(0)));
        StringBuilder b = new StringBuilder("[");
        int n = Math.min(r.nextBoolean() ? 100_000 : 1_000, MAX_GROWTH_CHARS / (first.length() + 1));
        for (int k = 0; k < n; k++) b.append(k == 0 ? "" : ",").append(first);
        return replace(s, a.start(), end, b.append(']').toString());
      }
      case 8 -> {
        if (numbers.isEmpty()) return s;
        Token t = pick(numbers, r);
        return replace(s, t, t.text() + (t.text().contains(".") || t.text().contains("e") ? "1" : ".5"));
      }
      default -> {
        return s.substring(0, r.nextInt(s.length() + 1));
      }
    }
  }

  private static List<Token> tokens(String s) {
    List<Token> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(s);
    while (m.find()) out.add(new Token(m.start(), m.end(), m.group()));
    return out;
  }

  private static boolean isKey(String s, Token t) {
    int i = t.end();
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    return i < s.length() && s.charAt(i) == ':';
  }

  /** Where the value starting at {@code t} ends (past its closing bracket for an array or object). */
  private static int valueEnd(String s, Token t) {
    if (!t.opens()) return t.end();
    int depth = 0;
    boolean inString = false;
    for (int i = t.start(); i < s.length(); i++) {
      char c = s.charAt(i);
      if (inString) {
        if (c == '\\') i++;
        else if (c == '"') inString = false;
      } else if (c == '"') inString = true;
      else if (c == '[' || c == '{') depth++;
      else if ((c == ']' || c == '}') && --depth == 0) return i + 1;
    }
    return s.length();
  }

  /** Removes {@code "key": value} and one comma next to it. */
  private static String removeField(String s, Token key) {
    int i = key.end();
    while (i < s.length() && s.charAt(i) != ':') i++;
    i++;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    List<Token> rest = tokens(s.substring(i));
    int end = rest.isEmpty() ? s.length() : i + valueEnd(s.substring(i), rest.get(0));
    int start = key.start();
    int after = end;
    while (after < s.length() && Character.isWhitespace(s.charAt(after))) after++;
    if (after < s.length() && s.charAt(after) == ',') return s.substring(0, start) + s.substring(after + 1);
    int before = start - 1;
    while (before >= 0 && Character.isWhitespace(s.charAt(before))) before--;
    if (before >= 0 && s.charAt(before) == ',') start = before;
    return s.substring(0, start) + s.substring(end);
  }

  private static <T> T pick(List<T> list, SplittableRandom r) {
    return list.get(r.nextInt(list.size()));
  }

  private static String replace(String s, Token t, String with) {
    return replace(s, t.start(), t.end(), with);
  }

  private static String replace(String s, int start, int end, String with) {
    return s.substring(0, start) + with + s.substring(end);
  }
}
