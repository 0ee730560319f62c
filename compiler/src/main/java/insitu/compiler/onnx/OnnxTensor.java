package insitu.compiler.onnx;

import insitu.compiler.ir.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A constant tensor (initializer or Constant value) exactly as stored: either little-endian raw
 * data (what PyTorch writes) or one of the typed fields. Decode with {@link #toTensor}, {@link
 * #toDoubles()} or {@link #toLongs()}. Immutable: arrays are copied in and out.
 *
 * <p>Raw data read from a file is a read-only slice of the file's bytes (memory-mapped by {@link
 * OnnxReader}), never copied: {@link #toTensor} hands a FLOAT tensor's values on as that slice.
 *
 * <p>Components, as the record this was: {@code name}, {@code dataType} (an {@link OnnxDataType}
 * code), {@code dims}, {@code rawData}, {@code floatData}, {@code int32Data} (also carries INT8,
 * UINT8, INT16, UINT16, BOOL and FLOAT16 as bit patterns), {@code int64Data}, {@code doubleData},
 * {@code externalData} (true if the values live in a separate file, which we do not read).
 */
public final class OnnxTensor {
  private final String name;
  private final int dataType;
  private final long[] dims;
  private final ByteBuffer raw;
  private final float[] floatData;
  private final int[] int32Data;
  private final long[] int64Data;
  private final double[] doubleData;
  private final boolean externalData;

  public OnnxTensor(String name, int dataType, long[] dims, byte[] rawData, float[] floatData, int[] int32Data, long[] int64Data,
                    double[] doubleData, boolean externalData) {
    this(name, dataType, dims, ByteBuffer.wrap(rawData.clone()), floatData.clone(), int32Data.clone(), int64Data.clone(),
        doubleData.clone(), externalData);
  }

  /** Over raw bytes that nobody changes (the decoder's slice of the file): not copied. */
  OnnxTensor(String name, int dataType, long[] dims, ByteBuffer raw, float[] floatData, int[] int32Data, long[] int64Data,
             double[] doubleData, boolean externalData) {
    this.name = Objects.requireNonNull(name);
    this.dataType = dataType;
    this.dims = dims.clone();
    this.raw = raw.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    this.floatData = floatData;
    this.int32Data = int32Data;
    this.int64Data = int64Data;
    this.doubleData = doubleData;
    this.externalData = externalData;
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

  /**
   * The values as an IR constant of this shape: FLOAT values as float32 (the file's bytes, or the
   * float field, not copied), everything else as doubles.
   */
  public Tensor toTensor(int[] shape) {
    return TensorValues.toTensor(this, shape, raw, floatData);
  }

  /** Values as doubles, for FLOAT, DOUBLE, FLOAT16, INT64, INT32, INT8, UINT8 and BOOL. */
  public double[] toDoubles() {
    return TensorValues.toDoubles(this, raw, floatData, int32Data, int64Data, doubleData);
  }

  /** Values as longs, for the integer types and BOOL (shapes, axes, pads are INT64). */
  public long[] toLongs() {
    return TensorValues.toLongs(this, raw, int32Data, int64Data);
  }

  /** Why the stored data cannot be decoded as {@code dims} promise, if it cannot. */
  public Optional<String> dataProblem() {
    return TensorValues.problem(this, raw.limit(), floatData.length, int32Data.length,
        int64Data.length, doubleData.length);
  }

  public String name() {
    return name;
  }

  public int dataType() {
    return dataType;
  }

  public boolean externalData() {
    return externalData;
  }

  public long[] dims() {
    return dims.clone();
  }

  /** A copy of the raw bytes (for small tensors: a weight's are as big as the weight). */
  public byte[] rawData() {
    byte[] b = new byte[raw.limit()];
    raw.get(0, b);
    return b;
  }

  public float[] floatData() {
    return floatData.clone();
  }

  public int[] int32Data() {
    return int32Data.clone();
  }

  public long[] int64Data() {
    return int64Data.clone();
  }

  public double[] doubleData() {
    return doubleData.clone();
  }

  @Override
  public String toString() {
    return "OnnxTensor[" + name + " " + OnnxDataType.describe(dataType) + " "
        + Arrays.toString(dims) + (externalData ? " external" : "") + "]";
  }
}
