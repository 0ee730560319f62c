package insitu.compiler.onnx;

import java.util.Arrays;

/**
 * What the importer knows about one ONNX value while tracing the graph at one concrete batch
 * size: either its full contents (a constant, folded at import) or only its shape (a tensor the
 * runtime computes).
 */
sealed interface TracedValue permits TracedValue.Const, TracedValue.Dynamic {

  int[] shape();

  /**
   * A constant. Integers (shapes, indices, pads) are held as doubles too, exactly up to 2^53, which
   * is all shape arithmetic needs; {@code integer} records the ONNX element type family so that
   * Div truncates and Cast knows what it converts from.
   */
  record Const(int[] shape, double[] data, boolean integer) implements TracedValue {
    public Const {
      if (TracedShapes.size(shape) != data.length)
        throw new IllegalArgumentException("constant of shape " + Arrays.toString(shape) + " with " + data.length + " values");
    }

    static Const ofLongs(long... values) {
      double[] d = new double[values.length];
      for (int i = 0; i < d.length; i++) d[i] = values[i];
      return new Const(new int[] {values.length}, d, true);
    }

    long[] longs() {
      long[] r = new long[data.length];
      for (int i = 0; i < r.length; i++) r[i] = (long) data[i];
      return r;
    }

    boolean sameAs(Const o) {
      return Arrays.equals(shape, o.shape) && Arrays.equals(data, o.data);
    }

    @Override public String toString() {
      return "Const" + Arrays.toString(shape) + (data.length <= 8 ? Arrays.toString(data) : "");
    }
  }

  /** A float tensor the runtime computes; the shape is the one it has at this trace's batch size. */
  record Dynamic(int[] shape) implements TracedValue {
    @Override public String toString() {
      return "Dynamic" + Arrays.toString(shape);
    }
  }
}
