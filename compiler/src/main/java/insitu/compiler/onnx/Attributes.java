package insitu.compiler.onnx;

/** Typed access to node attributes with ONNX defaults. */
final class Attributes {
  private Attributes() {}

  static long i(OnnxNode n, String name, long def) {
    return n.attribute(name).map(OnnxAttribute::i).orElse(def);
  }

  static double f(OnnxNode n, String name, double def) {
    return n.attribute(name).map(a -> (double) a.f()).orElse(def);
  }

  static String s(OnnxNode n, String name, String def) {
    return n.attribute(name).map(OnnxAttribute::s).orElse(def);
  }

  static long[] ints(OnnxNode n, String name) {
    return n.attribute(name).map(OnnxAttribute::ints).orElse(null);
  }

  static int[] toInts(long[] v) {
    int[] r = new int[v.length];
    for (int k = 0; k < v.length; k++) r[k] = Math.toIntExact(v[k]);
    return r;
  }

  static int[] filled(int n, int value) {
    int[] r = new int[n];
    java.util.Arrays.fill(r, value);
    return r;
  }
}
