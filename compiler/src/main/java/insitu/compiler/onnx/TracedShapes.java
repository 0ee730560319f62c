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
    long a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) throw new IllegalArgumentException(what + " axis " + axis + " is out of range for rank " + rank);
    return (int) a;
  }

  static int[] strides(int[] s) {
    int[] st = new int[s.length];
    int k = 1;
    for (int i = s.length - 1; i >= 0; i--) {
      st[i] = k;
      k *= s[i];
    }
    return st;
  }

  static String str(int[] s) {
    return java.util.Arrays.toString(s);
  }
}
