package insitu.sdk.data;

import insitu.compiler.InputRange;
import insitu.runtime.train.SampleSource;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Feeds a data set to a model the way the model expects its inputs. The built-in data sets
 * ({@code mnist8}, {@code mnist28}, {@code mnist-seq}, {@code idx:DIR}) hold pixels / 255 in [0, 1]
 * and are mapped affinely onto a model's declared range (pixels / 255 · 2 − 1 for [−1, 1]) as
 * batches are gathered, so the compact store is kept and nothing is copied; data from {@code npy:}
 * files is taken as given, with one warning when its values cannot be what the model declares
 * (outside the range, or all in [0, 1] for a model that expects negatives too).
 */
public final class InputFeeding {
  private InputFeeding() {}

  /** The range the values of a data spec are in by construction, or empty when they are taken as given ({@code npy:}). */
  public static Optional<InputRange> nativeRange(String dataSpec) {
    return dataSpec != null && dataSpec.strip().startsWith("npy:") ? Optional.empty() : Optional.of(InputRange.UNIT);
  }

  /**
   * The split as the model takes it: unchanged when the model declares no range, when the data is
   * already in it, or when the data comes from files (then its training half is checked, with
   * {@code warn} told of a mismatch in one line). A mapped split loads each half when it is first
   * asked for, as the data set's own split does.
   */
  public static DatasetSplit feed(DatasetSplit data, String dataSpec, Optional<InputRange> modelRange, Consumer<String> warn) {
    if (modelRange.isEmpty()) return data;
    InputRange want = modelRange.get();
    Optional<InputRange> have = nativeRange(dataSpec);
    if (have.isEmpty()) {
      check(data.train(), dataSpec, want, warn); // file pairs are loaded already, and are both halves
      return data;
    }
    return have.get().equals(want) ? data : data.map(d -> rescale(d, have.get(), want));
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
    return new Dataset(new Rescaled(d.values(), from, to), d.y(), d.sampleShape(), d.classes(), d.name());
  }

  /** A store's values mapped from one range onto another as they are read. */
  private record Rescaled(SampleSource source, InputRange from, InputRange to) implements SampleSource {
    @Override public int size() {
      return source.size();
    }

    @Override public int sampleSize() {
      return source.sampleSize();
    }

    @Override public void copySample(int i, double[] out, int offset) {
      source.copySample(i, out, offset);
      double width = from.high() - from.low();
      for (int k = offset; k < offset + source.sampleSize(); k++) out[k] = to.fromUnit((out[k] - from.low()) / width);
    }
  }

  private static void check(Dataset d, String dataSpec, InputRange want, Consumer<String> warn) {
    if (d.size() == 0) return;
    double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
    double[] sample = new double[d.sampleSize()];
    for (int i = 0; i < d.size(); i++) {
      d.sample(i, sample);
      for (double v : sample) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
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
