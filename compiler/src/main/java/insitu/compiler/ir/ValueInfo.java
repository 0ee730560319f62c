package insitu.compiler.ir;

import java.util.Arrays;

/** A graph input or output: name and shape, where -1 marks the (symbolic) batch dimension. */
public record ValueInfo(String name, int[] shape) {
  public ValueInfo {
    shape = shape.clone();
  }

  @Override public int[] shape() {
    return shape.clone();
  }

  /** Shape of one sample: the shape without its leading batch dimension. */
  public int[] sampleShape() {
    return Arrays.copyOfRange(shape, 1, shape.length);
  }

  public int sampleSize() {
    int n = 1;
    for (int i = 1; i < shape.length; i++) n *= shape[i];
    return n;
  }

  @Override public boolean equals(Object o) {
    return o instanceof ValueInfo v && v.name.equals(name) && Arrays.equals(v.shape, shape);
  }

  @Override public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }
}
