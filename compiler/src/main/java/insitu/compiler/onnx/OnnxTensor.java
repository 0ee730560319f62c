package insitu.compiler.onnx;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A constant tensor (initializer or Constant value) exactly as stored: either little-endian
 * {@code rawData} (what PyTorch writes) or one of the typed fields. Decode with {@link
 * #toDoubles()} or {@link #toLongs()}; the arrays are copied in and out, so the record is
 * immutable.
 *
 * @param dataType     an {@link OnnxDataType} code
 * @param int32Data    also carries INT8, UINT8, INT16, UINT16, BOOL and FLOAT16 (as bit patterns)
 * @param externalData true if the values live in a separate file, which we do not read
 */
public record OnnxTensor(
    String name,
    int dataType,
    long[] dims,
    byte[] rawData,
    float[] floatData,
    int[] int32Data,
    long[] int64Data,
    double[] doubleData,
    boolean externalData) {

  public OnnxTensor {
    Objects.requireNonNull(name);
    dims = dims.clone();
    rawData = rawData.clone();
    floatData = floatData.clone();
    int32Data = int32Data.clone();
    int64Data = int64Data.clone();
    doubleData = doubleData.clone();
  }

  /** A FLOAT tensor, convenient for tests and for passes that create constants. */
  public static OnnxTensor ofFloats(String name, long[] dims, float[] values) {
    return new OnnxTensor(name, OnnxDataType.FLOAT.code(), dims, new byte[0], values,
        new int[0], new long[0], new double[0], false);
  }

  /** Number of elements: the product of the dims (1 for a scalar), or -1 if it overflows. */
  public long elementCount() {
    long n = 1;
    for (long d : dims) {
      if (d < 0) return -1;
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        return -1;
      }
    }
    return n;
  }

  /** Values as doubles, for FLOAT, DOUBLE, FLOAT16, INT64, INT32, INT8, UINT8 and BOOL. */
  public double[] toDoubles() {
    return TensorValues.toDoubles(this, rawData, floatData, int32Data, int64Data, doubleData);
  }

  /** Values as longs, for the integer types and BOOL (shapes, axes, pads are INT64). */
  public long[] toLongs() {
    return TensorValues.toLongs(this, rawData, int32Data, int64Data);
  }

  /** Why the stored data cannot be decoded as {@code dims} promise, if it cannot. */
  public Optional<String> dataProblem() {
    return TensorValues.problem(this, rawData.length, floatData.length, int32Data.length,
        int64Data.length, doubleData.length);
  }

  @Override
  public long[] dims() {
    return dims.clone();
  }

  @Override
  public byte[] rawData() {
    return rawData.clone();
  }

  @Override
  public float[] floatData() {
    return floatData.clone();
  }

  @Override
  public int[] int32Data() {
    return int32Data.clone();
  }

  @Override
  public long[] int64Data() {
    return int64Data.clone();
  }

  @Override
  public double[] doubleData() {
    return doubleData.clone();
  }

  @Override
  public String toString() {
    return "OnnxTensor[" + name + " " + OnnxDataType.describe(dataType) + " "
        + Arrays.toString(dims) + (externalData ? " external" : "") + "]";
  }
}
