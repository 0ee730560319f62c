package insitu.compiler.onnx;

import insitu.compiler.ir.Tensor;
import insitu.errors.BadInputException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Decodes the stored form of an {@link OnnxTensor} into plain arrays, or FLOAT values into a
 * float32 IR tensor over the stored bytes. Raw bytes come as a little-endian buffer read with
 * absolute gets.
 */
final class TensorValues {
  private TensorValues() {}

  /** FLOAT as float32 without a copy (raw bytes or the float field); other types decoded to doubles. */
  static Tensor toTensor(OnnxTensor t, int[] shape, ByteBuffer raw, float[] floats) {
    OnnxDataType type = checkedType(t);
    if (type != OnnxDataType.FLOAT)
      return new Tensor(shape, t.toDoubles(), OpTranslator.isInteger(type));
    FloatBuffer values = raw.limit() > 0 ? raw.asFloatBuffer() : FloatBuffer.wrap(floats).asReadOnlyBuffer();
    return Tensor.float32(shape, values);
  }

  static double[] toDoubles(
      OnnxTensor t, ByteBuffer b, float[] floats, int[] int32s, long[] int64s, double[] doubles) {
    OnnxDataType type = checkedType(t);
    int n = (int) t.elementCount();
    double[] out = new double[n];
    if (b.limit() > 0) {
      for (int k = 0; k < n; k++) {
        out[k] = switch (type) {
          case FLOAT -> b.getFloat(4 * k);
          case DOUBLE -> b.getDouble(8 * k);
          case FLOAT16 -> halfToFloat(b.getShort(2 * k));
          case INT64 -> b.getLong(8 * k);
          case INT32 -> b.getInt(4 * k);
          case INT8 -> b.get(k);
          case UINT8, BOOL -> b.get(k) & 0xFF;
          default -> throw unsupported(t);
        };
      }
      return out;
    }
    for (int k = 0; k < n; k++) {
      out[k] = switch (type) {
        case FLOAT -> floats[k];
        case DOUBLE -> doubles[k];
        case INT64 -> int64s[k];
        case FLOAT16 -> halfToFloat((short) int32s[k]);
        case INT32, INT8, UINT8, BOOL -> int32s[k];
        default -> throw unsupported(t);
      };
    }
    return out;
  }

  static long[] toLongs(OnnxTensor t, ByteBuffer b, int[] int32s, long[] int64s) {
    OnnxDataType type = checkedType(t);
    if (type == OnnxDataType.FLOAT || type == OnnxDataType.DOUBLE || type == OnnxDataType.FLOAT16) {
      throw new BadInputException("tensor '" + t.name() + "' is " + type
          + ", not an integer type: read it with toDoubles()");
    }
    int n = (int) t.elementCount();
    long[] out = new long[n];
    for (int k = 0; k < n; k++) {
      if (b.limit() > 0) {
        out[k] = switch (type) {
          case INT64 -> b.getLong(8 * k);
          case INT32 -> b.getInt(4 * k);
          case INT8 -> b.get(k);
          case UINT8, BOOL -> b.get(k) & 0xFF;
          default -> throw unsupported(t);
        };
      } else {
        out[k] = type == OnnxDataType.INT64 ? int64s[k] : int32s[k];
      }
    }
    return out;
  }

  /**
   * Checks that the stored data holds exactly {@code elementCount()} values of the tensor's type,
   * so that decoding later cannot run off an array. Types we do not decode are not checked.
   */
  static Optional<String> problem(
      OnnxTensor t, int rawBytes, int floats, int int32s, int int64s, int doubles) {
    long count = t.elementCount();
    if (count < 0) return Optional.of("impossible dims " + Arrays.toString(t.dims()));
    if (t.externalData()) return Optional.empty();
    OnnxDataType type = OnnxDataType.of(t.dataType());
    if (!isDecodable(type)) return Optional.empty();
    if (rawBytes > 0) {
      // count <= Integer.MAX_VALUE keeps the product below Long.MAX_VALUE.
      if (count > Integer.MAX_VALUE || rawBytes != count * type.byteSize()) {
        return Optional.of("raw_data has " + rawBytes + " bytes but " + type + " dims "
            + Arrays.toString(t.dims()) + " need " + count + " values");
      }
      return Optional.empty();
    }
    int stored = switch (type) {
      case FLOAT -> floats;
      case DOUBLE -> doubles;
      case INT64 -> int64s;
      default -> int32s;
    };
    if (stored != count) {
      return Optional.of("holds " + stored + " values but dims "
          + Arrays.toString(t.dims()) + " need " + count);
    }
    return Optional.empty();
  }

  static boolean isDecodable(OnnxDataType type) {
    return switch (type) {
      case FLOAT, DOUBLE, FLOAT16, INT64, INT32, INT8, UINT8, BOOL -> true;
      default -> false;
    };
  }

  private static OnnxDataType checkedType(OnnxTensor t) {
    if (t.externalData()) {
      throw new BadInputException("tensor '" + t.name() + "' keeps its values in an external"
          + " data file, which insitu does not read: re-export with the weights inside the model");
    }
    OnnxDataType type = OnnxDataType.of(t.dataType());
    if (!isDecodable(type)) throw unsupported(t);
    t.dataProblem().ifPresent(p -> {
      throw new BadInputException("tensor '" + t.name() + "': " + p);
    });
    return type;
  }

  private static BadInputException unsupported(OnnxTensor t) {
    return new BadInputException("tensor '" + t.name() + "' has data type "
        + OnnxDataType.describe(t.dataType())
        + ", which insitu does not decode (supported: FLOAT, DOUBLE, FLOAT16, INT64, INT32,"
        + " INT8, UINT8, BOOL)");
  }

  /** IEEE 754 half precision to float, including subnormals, infinities and NaN. */
  static float halfToFloat(short bits) {
    int h = bits & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1F;
    int mantissa = h & 0x3FF;
    if (exponent == 0x1F) return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
    if (exponent == 0) {
      // Subnormal (or zero): the value is mantissa * 2^-24, exact in float.
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }
}
