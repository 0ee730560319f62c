package insitu.compiler.ir;

import java.util.Arrays;

/** A constant tensor: shape plus row-major values. Arrays are owned; do not mutate them. */
public record Tensor(int[] shape, double[] data) {

  public Tensor {
    long n = 1;
    for (int d : shape) {
      if (d < 0) throw new IllegalArgumentException("constant tensor with negative dim " + Arrays.toString(shape));
      n *= d;
    }
    if (n != data.length)
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, data has " + data.length);
  }

  public int size() {
    return data.length;
  }

  public int dim(int i) {
    return shape[i];
  }

  public int rank() {
    return shape.length;
  }

  @Override public boolean equals(Object o) {
    return o instanceof Tensor t && Arrays.equals(t.shape, shape) && Arrays.equals(t.data, data);
  }

  @Override public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override public String toString() {
    return "Tensor" + Arrays.toString(shape);
  }
}
