package insitu.sdk.data;

import insitu.compiler.InputRange;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Feeds a data set to a model the way the model expects its inputs. The built-in data sets
 * ({@code mnist8}, {@code mnist28}, {@code mnist-seq}, {@code idx:DIR}) hold pixels / 255 in [0, 1]
 * and are mapped affinely onto a model's declared range (pixels / 255 · 2 − 1 for [−1, 1]); data
 * from {@code npy:} files is taken as given, with one warning when its values cannot be what the
 * model declares (outside the range, or all in [0, 1] for a model that expects negatives too).
 */
public final class InputFeeding {
  private InputFeeding() {}

  /** The range the values of a data spec are in by construction, or empty when they are taken as given ({@code npy:}). */
  public static Optional<InputRange> nativeRange(String dataSpec) {
    return dataSpec != null && dataSpec.strip().startsWith("npy:") ? Optional.empty() : Optional.of(InputRange.UNIT);
  }

  /**
   * The split as the model takes it: unchanged when the model declares no range, when the data is
   * already in it, or when the data comes from files (then checked, with {@code warn} told of a
   * mismatch in one line).
   */
  public static DatasetSplit feed(DatasetSplit data, String dataSpec, Optional<InputRange> modelRange, Consumer<String> warn) {
    Dataset train = feed(data.train(), dataSpec, modelRange, warn);
    if (data.test() == data.train()) return train == data.train() ? data : new DatasetSplit(train, train);
    Dataset test = feed(data.test(), dataSpec, modelRange, msg -> {}); // one warning is enough
    return train == data.train() && test == data.test() ? data : new DatasetSplit(train, test);
  }

  /** One data set as the model takes it (see {@link #feed(DatasetSplit, String, Optional, Consumer)}). */
  public static Dataset feed(Dataset data, String dataSpec, Optional<InputRange> modelRange, Consumer<String> warn) {
    if (modelRange.isEmpty()) return data;
    InputRange want = modelRange.get();
    Optional<InputRange> have = nativeRange(dataSpec);
    if (have.isEmpty()) {
      check(data, dataSpec, want, warn);
      return data;
    }
    return have.get().equals(want) ? data : rescale(data, have.get(), want);
  }

  private static Dataset rescale(Dataset d, InputRange from, InputRange to) {
    double[] x = d.x(), y = new double[x.length];
    double width = from.high() - from.low();
    for (int i = 0; i < x.length; i++) y[i] = to.fromUnit((x[i] - from.low()) / width);
    return new Dataset(y, d.y(), d.sampleShape(), d.classes(), d.name());
  }

  private static void check(Dataset d, String dataSpec, InputRange want, Consumer<String> warn) {
    double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
    for (double v : d.x()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (d.size() == 0) return;
    if (!want.covers(min, max))
      warn.accept(String.format("warning: data %s has values in [%s, %s], outside the model's input range [%s]", dataSpec, num(min),
          num(max), want));
    else if (want.low() < 0 && min >= 0)
      warn.accept(String.format("warning: data %s has values only in [%s, %s] but the model expects inputs in [%s]; scale them as it was trained"
          + " (e.g. x * 2 - 1 for pixels / 255)", dataSpec, num(min), num(max), want));
  }

  private static String num(double v) {
    return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
  }
}
