package insitu.service.protocol;

/**
 * One output tensor of a response; its values go out as FP32, the type the model's metadata
 * declares.
 *
 * @param shape the full shape, batch first
 * @param data row-major, as many values as the shape says
 */
public record ResponseTensor(String name, long[] shape, double[] data) {
  public ResponseTensor {
    shape = shape.clone();
  }
}
