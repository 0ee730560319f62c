package insitu.runtime.tensor;

import java.util.Arrays;

/** A dense tensor: shape plus row-major doubles. The runtime's unit of data between kernels. */
public record NDArray(int[] shape, double[] data) {

  public NDArray {
    if (sizeOf(shape) != data.length)
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + sizeOf(shape) + " values, got " + data.length);
  }

  public static NDArray zeros(int... shape) {
    return new NDArray(shape.clone(), new double[sizeOf(shape)]);
  }

  public static int sizeOf(int[] shape) {
    int n = 1;
    for (int d : shape) n *= d;
    return n;
  }

  public int size() {
    return data.length;
  }

  public int rank() {
    return shape.length;
  }

  public int dim(int i) {
    return shape[i];
  }

  public NDArray reshape(int... newShape) {
    return new NDArray(newShape.clone(), data);
  }

  @Override public boolean equals(Object o) {
    return o instanceof NDArray t && Arrays.equals(t.shape, shape) && Arrays.equals(t.data, data);
  }

  @Override public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override public String toString() {
    return "NDArray" + Arrays.toString(shape);
  }
}
