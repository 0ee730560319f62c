package insitu.cli;

import insitu.runtime.calibrate.Ages;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Numeric options checked where they are parsed: NaN, infinities, negative counts and values that
 * would overflow later arithmetic are refused on the command line (exit 2, one line naming the
 * option), never taken as a default or passed on to fail deep inside a job.
 */
final class OptionRanges {
  private OptionRanges() {}

  /** Largest batch: far above any data set insitu trains on, far below where batch arithmetic overflows. */
  static final int MAX_BATCH = 1 << 20;
  static final int MAX_EPOCHS = 100_000;

  static double finite(String text) {
    double v;
    try {
      v = Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + text + "' is not a number");
    }
    if (!Double.isFinite(v)) throw new TypeConversionException("'" + text + "' is not a finite number");
    return v;
  }

  static long integer(String text, long min, long max) {
    long v;
    try {
      v = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + text + "' is not a whole number");
    }
    if (v < min || v > max) throw new TypeConversionException(v + " is outside " + min + ".." + max);
    return v;
  }

  /** Learning rates, tolerances: finite and > 0. */
  static final class Positive implements ITypeConverter<Double> {
    @Override public Double convert(String text) {
      double v = finite(text);
      if (!(v > 0)) throw new TypeConversionException(text + " must be > 0");
      return v;
    }
  }

  /** Factors per epoch: in (0, 1]. */
  static final class Decay implements ITypeConverter<Double> {
    @Override public Double convert(String text) {
      double v = finite(text);
      if (!(v > 0 && v <= 1)) throw new TypeConversionException(text + " must be in (0, 1]");
      return v;
    }
  }

  /** Fractions and accuracies: in [0, 1]. */
  static final class Fraction implements ITypeConverter<Double> {
    @Override public Double convert(String text) {
      double v = finite(text);
      if (!(v >= 0 && v <= 1)) throw new TypeConversionException(text + " must be in [0, 1]");
      return v;
    }
  }

  /** Periods in seconds: finite, >= 0 (0: never), at most a year. */
  static final class Seconds implements ITypeConverter<Double> {
    @Override public Double convert(String text) {
      double v = finite(text);
      if (!(v >= 0 && v <= 365 * 86400.0)) throw new TypeConversionException(text + " must be in 0..31536000 seconds");
      return v;
    }
  }

  static final class Epochs implements ITypeConverter<Integer> {
    @Override public Integer convert(String text) {
      return (int) integer(text, 0, MAX_EPOCHS);
    }
  }

  static final class Batch implements ITypeConverter<Integer> {
    @Override public Integer convert(String text) {
      return (int) integer(text, 1, MAX_BATCH);
    }
  }

  /** Counts where 0 means "never" or "off". */
  static final class Count implements ITypeConverter<Integer> {
    @Override public Integer convert(String text) {
      return (int) integer(text, 0, Integer.MAX_VALUE);
    }
  }

  /** Counts of at least one. */
  static final class AtLeastOne implements ITypeConverter<Integer> {
    @Override public Integer convert(String text) {
      return (int) integer(text, 1, Integer.MAX_VALUE);
    }
  }

  /** Arrays of an emulated board: as many as a board spec string allows. */
  static final class ArrayCount implements ITypeConverter<Integer> {
    @Override public Integer convert(String text) {
      return (int) integer(text, 1, insitu.boards.BoardOpener.MAX_ARRAYS);
    }
  }

  static final class Port implements ITypeConverter<Integer> {
    @Override public Integer convert(String text) {
      return (int) integer(text, 0, 65535);
    }
  }

  /** Seeds: any 64-bit integer. */
  static final class Seed implements ITypeConverter<Long> {
    @Override public Long convert(String text) {
      return integer(text, Long.MIN_VALUE, Long.MAX_VALUE);
    }
  }

  /** Durations such as 30d, checked now (finite, >= 0, at most a century), kept as typed. */
  static final class Age implements ITypeConverter<String> {
    @Override public String convert(String text) {
      try {
        Ages.parseSeconds(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
      return text;
    }
  }
}
