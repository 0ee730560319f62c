package insitu.service.protocol;

import java.util.Arrays;

/**
 * One tensor of a request, its data already checked against its shape and datatype and
 * converted to what the declared type holds.
 *
 * @param name the tensor's name (empty for the {@code labels} of a learn request, which need none)
 * @param shape the declared shape, every dimension ≥ 0
 * @param data row-major, as many values as the shape declares
 */
public record RequestTensor(String name, long[] shape, Datatype datatype, double[] data) {
  public RequestTensor {
    shape = shape.clone();
  }

  @Override public long[] shape() {
    return shape.clone();
  }

  public String describeShape() {
    return Arrays.toString(shape);
  }
}
