package insitu.runtime;

import java.util.Locale;

/**
 * A constant of a closed choice (optimizer, update rule, initialization...) with the word users
 * and saved files name it by: its name in lower case with hyphens ({@code WRITE_VERIFY} is
 * {@code write-verify}).
 */
public interface Choice {
  String name();

  /** The word for this constant on the command line and in reports and saved files. */
  default String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The one of {@code values} a word names; IllegalArgumentException for any other word. */
  static <E extends Choice> E of(E[] values, String label) {
    for (E e : values) if (e.label().equals(label)) return e;
    throw new IllegalArgumentException("'" + label + "' is none of " + labels(values));
  }

  /** The words of {@code values}, comma separated. */
  static String labels(Choice[] values) {
    StringBuilder b = new StringBuilder();
    for (Choice e : values) b.append(b.length() == 0 ? "" : ", ").append(e.label());
    return b.toString();
  }
}
