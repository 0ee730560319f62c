package insitu.sdk.data;

import insitu.errors.BadInputException;
import insitu.runtime.train.Float64Source;
import insitu.runtime.train.SampleSource;
import insitu.runtime.train.Samples;
import java.util.Arrays;

/**
 * A labelled data set: {@code values} holds {@code size()} samples of {@code sampleSize()} values,
 * stored as compactly as their source (bytes for 8-bit images, floats for float32 files) and
 * widened to doubles batch by batch; {@code y[i]} is the class of sample {@code i}, in {@code 0 ..
 * classes-1}.
 *
 * <p>{@code sampleShape} is the shape of one sample without the batch dimension, e.g. {@code
 * {1, 8, 8}} for one 8×8 image (CHW) or {@code {3, 1, 8, 8}} for a 3-frame sequence.
 *
 * <p>Ownership: the value store and {@code y} are taken as they are and handed out as they are,
 * because copying tens of megabytes on every access would cost more than it protects. Treat them
 * as read-only; nobody may mutate them after construction. {@code equals} compares contents.
 */
public record Dataset(SampleSource values, int[] y, int[] sampleShape, int classes, String name) {

  /** Checks that the parts agree; labels out of range are a programming error here. */
  public Dataset {
    if (values == null || y == null || sampleShape == null || name == null) {
      throw new IllegalArgumentException("dataset: values, y, sampleShape and name must be given");
    }
    sampleShape = sampleShape.clone();
    int per = valuesPerSample(sampleShape, name);
    if (values.sampleSize() != per || values.size() != y.length) {
      throw new IllegalArgumentException("dataset " + name + ": " + values.size() + " samples of " + values.sampleSize()
          + " values do not match " + y.length + " labels and samples of shape " + Arrays.toString(sampleShape));
    }
    if (classes < 1) {
      throw new IllegalArgumentException("dataset " + name + ": classes must be >= 1, got " + classes);
    }
    for (int i = 0; i < y.length; i++) {
      if (y[i] < 0 || y[i] >= classes) {
        throw new IllegalArgumentException(
            "dataset " + name + ": label " + y[i] + " of sample " + i + " is outside 0.." + (classes - 1));
      }
    }
  }

  /** A data set held in a row-major double array, {@code y.length × prod(sampleShape)} values. */
  public Dataset(double[] x, int[] y, int[] sampleShape, int classes, String name) {
    this(doubles(x, y, sampleShape, name), y, sampleShape, classes, name);
  }

  private static SampleSource doubles(double[] x, int[] y, int[] sampleShape, String name) {
    if (x == null || y == null || sampleShape == null || name == null) {
      throw new IllegalArgumentException("dataset: x, y, sampleShape and name must be given");
    }
    int per = valuesPerSample(sampleShape, name);
    if ((long) per * y.length != x.length) {
      throw new IllegalArgumentException("dataset " + name + ": " + x.length + " values do not hold "
          + y.length + " samples of shape " + Arrays.toString(sampleShape));
    }
    return new Float64Source(x, per);
  }

  private static int valuesPerSample(int[] shape, String name) {
    long per = 1;
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            "dataset " + name + ": sample shape " + Arrays.toString(shape) + " has a dimension < 1");
      }
      per *= d;
      if (per > Integer.MAX_VALUE) throw new IllegalArgumentException("dataset " + name + ": samples are too large");
    }
    if (shape.length == 0) throw new IllegalArgumentException("dataset " + name + ": sample shape is empty");
    return (int) per;
  }

  /** The shape of one sample (a copy; small). */
  @Override
  public int[] sampleShape() {
    return sampleShape.clone();
  }

  /** Number of samples. */
  public int size() {
    return y.length;
  }

  /** Number of values in one sample, the product of {@link #sampleShape()}. */
  public int sampleSize() {
    return values.sampleSize();
  }

  /**
   * A new row-major array of all values, {@code size() × sampleSize()} doubles: a convenience for
   * small sets (e.g. {@link insitu.sdk.DeployedModel#predict(double[], int)}). Each call copies;
   * training and evaluation gather batches from {@link #values()} instead.
   */
  public double[] x() {
    return values.toDoubles();
  }

  /** Copies sample {@code i} into {@code out[0 .. sampleSize()-1]}. */
  public void sample(int i, double[] out) {
    values.copySample(i, out, 0);
  }

  /** Samples {@code from} (inclusive) to {@code to} (exclusive) as a data set sharing these values. */
  public Dataset subset(int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IndexOutOfBoundsException("subset " + from + ".." + to + " of " + size() + " samples");
    }
    return new Dataset(values.slice(from, to), Arrays.copyOfRange(y, from, to), sampleShape, classes, name);
  }

  /**
   * Gathers the samples {@code indices} into {@code outX} (row after row) and their labels into
   * {@code outY}; both must hold at least {@code indices.length} samples. Allocates nothing.
   */
  public void batch(int[] indices, double[] outX, int[] outY) {
    values.gather(indices, outX);
    for (int b = 0; b < indices.length; b++) outY[b] = y[indices[b]];
  }

  /** The samples as the trainer and the predictor read them (shares the values and labels). */
  public Samples samples() {
    return new Samples(values, y, sampleShape, classes);
  }

  /**
   * Refuses a label that a model with {@code outputs} classes cannot predict (bad input naming the
   * sample), rather than scoring it as always wrong.
   */
  public void requireLabelsBelow(int outputs) {
    for (int i = 0; i < y.length; i++) {
      if (y[i] >= outputs) {
        throw new BadInputException(name + ": label " + y[i] + " of sample " + i + " is not a class of the model, which has "
            + outputs + " outputs (labels 0.." + (outputs - 1) + ")");
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Dataset d) || classes != d.classes || !name.equals(d.name)
        || !Arrays.equals(sampleShape, d.sampleShape) || !Arrays.equals(y, d.y)) {
      return false;
    }
    double[] a = new double[sampleSize()];
    double[] b = new double[sampleSize()];
    for (int i = 0; i < size(); i++) {
      values.copySample(i, a, 0);
      d.values.copySample(i, b, 0);
      if (!Arrays.equals(a, b)) return false;
    }
    return true;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * name.hashCode() + Arrays.hashCode(y)) + Arrays.hashCode(sampleShape);
  }

  @Override
  public String toString() {
    return "Dataset[" + name + ", " + size() + " samples of shape " + Arrays.toString(sampleShape)
        + ", " + classes + " classes]";
  }
}
