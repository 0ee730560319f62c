package insitu.compiler.onnx;

/** Small shape helpers shared by shape inference and the constant evaluators. */
final class TracedShapes {
  private TracedShapes() {}

  static int size(int[] shape) {
    long n = 1;
    for (int d : shape) n *= d;
    if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor of " + n + " values is too large");
    return (int) n;
  }

  static int axis(long axis, int rank, String what) {
    return insitu.compiler.ir.Shapes.axis(axis, rank, what);
  }

  static int[] strides(int[] s) {
    return insitu.compiler.ir.Shapes.strides(s);
  }

  static String str(int[] s) {
    return java.util.Arrays.toString(s);
  }
}
