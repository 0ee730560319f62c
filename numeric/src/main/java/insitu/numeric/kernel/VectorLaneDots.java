package insitu.numeric.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LaneDots#outerSums} on the Vector API: each sum's four lanes are the four lanes of one
 * 256-bit vector, so a vector multiply and a vector add do one step of four lanes, exactly as the
 * scalar code does them one by one (IEEE products and sums are the same in a lane). Sixteen sums
 * (four outputs by four inputs) run side by side. Loaded only when the JVM has the module.
 *
 * <p>No vector is passed to a method, even a small one: in a method this large C2 stops inlining
 * at some call sites, and a vector passed there is boxed, which costs far more than the vector
 * saves. Lanes leave through a small array.
 */
final class VectorLaneDots {
  private VectorLaneDots() {}

  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;

  /** Whether 256-bit vectors are native here (elsewhere the API would emulate them, slowly). */
  static boolean usable() {
    return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
  }

  static double[] outerSums(double[][] g, double[][] x, int nOut, int k, int from, int to) {
    double[] part = new double[nOut * k], buf = new double[64];
    int end = from + ((to - from) & ~3);
    int o = 0;
    for (; o + 3 < nOut; o += 4) {
      double[] p0 = g[o], p1 = g[o + 1], p2 = g[o + 2], p3 = g[o + 3];
      int i = 0;
      for (; i + 3 < k; i += 4) {
        double[] u0 = x[i], u1 = x[i + 1], u2 = x[i + 2], u3 = x[i + 3];
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector a0 = z, a1 = z, a2 = z, a3 = z, b0 = z, b1 = z, b2 = z, b3 = z;
        DoubleVector c0 = z, c1 = z, c2 = z, c3 = z, d0 = z, d1 = z, d2 = z, d3 = z;
        for (int r = from; r < end; r += 4) {
          DoubleVector v0 = DoubleVector.fromArray(S, u0, r), v1 = DoubleVector.fromArray(S, u1, r);
          DoubleVector v2 = DoubleVector.fromArray(S, u2, r), v3 = DoubleVector.fromArray(S, u3, r);
          DoubleVector q = DoubleVector.fromArray(S, p0, r);
          a0 = a0.add(q.mul(v0)); a1 = a1.add(q.mul(v1)); a2 = a2.add(q.mul(v2)); a3 = a3.add(q.mul(v3));
          q = DoubleVector.fromArray(S, p1, r);
          b0 = b0.add(q.mul(v0)); b1 = b1.add(q.mul(v1)); b2 = b2.add(q.mul(v2)); b3 = b3.add(q.mul(v3));
          q = DoubleVector.fromArray(S, p2, r);
          c0 = c0.add(q.mul(v0)); c1 = c1.add(q.mul(v1)); c2 = c2.add(q.mul(v2)); c3 = c3.add(q.mul(v3));
          q = DoubleVector.fromArray(S, p3, r);
          d0 = d0.add(q.mul(v0)); d1 = d1.add(q.mul(v1)); d2 = d2.add(q.mul(v2)); d3 = d3.add(q.mul(v3));
        }
        // Lanes out through memory: a vector handed to a method C2 does not inline gets boxed.
        a0.intoArray(buf, 0); a1.intoArray(buf, 4); a2.intoArray(buf, 8); a3.intoArray(buf, 12);
        b0.intoArray(buf, 16); b1.intoArray(buf, 20); b2.intoArray(buf, 24); b3.intoArray(buf, 28);
        c0.intoArray(buf, 32); c1.intoArray(buf, 36); c2.intoArray(buf, 40); c3.intoArray(buf, 44);
        d0.intoArray(buf, 48); d1.intoArray(buf, 52); d2.intoArray(buf, 56); d3.intoArray(buf, 60);
        for (int q = 0; q < 4; q++) {
          double[] p = g[o + q];
          for (int j = 0; j < 4; j++) part[(o + q) * k + i + j] = LaneDots.tail(p, x[i + j], end, to, lanes(buf, (q * 4 + j) * 4));
        }
      }
      for (; i < k; i++) {
        double[] u = x[i];
        DoubleVector a = DoubleVector.zero(S), b = a, c = a, d = a;
        for (int r = from; r < end; r += 4) {
          DoubleVector v = DoubleVector.fromArray(S, u, r);
          a = a.add(DoubleVector.fromArray(S, p0, r).mul(v));
          b = b.add(DoubleVector.fromArray(S, p1, r).mul(v));
          c = c.add(DoubleVector.fromArray(S, p2, r).mul(v));
          d = d.add(DoubleVector.fromArray(S, p3, r).mul(v));
        }
        a.intoArray(buf, 0); b.intoArray(buf, 4); c.intoArray(buf, 8); d.intoArray(buf, 12);
        for (int q = 0; q < 4; q++) part[(o + q) * k + i] = LaneDots.tail(g[o + q], u, end, to, lanes(buf, q * 4));
      }
    }
    for (; o < nOut; o++) {
      double[] p = g[o];
      int i = 0;
      for (; i + 3 < k; i += 4) {
        double[] u0 = x[i], u1 = x[i + 1], u2 = x[i + 2], u3 = x[i + 3];
        DoubleVector a = DoubleVector.zero(S), b = a, c = a, d = a;
        for (int r = from; r < end; r += 4) {
          DoubleVector q = DoubleVector.fromArray(S, p, r);
          a = a.add(q.mul(DoubleVector.fromArray(S, u0, r)));
          b = b.add(q.mul(DoubleVector.fromArray(S, u1, r)));
          c = c.add(q.mul(DoubleVector.fromArray(S, u2, r)));
          d = d.add(q.mul(DoubleVector.fromArray(S, u3, r)));
        }
        a.intoArray(buf, 0); b.intoArray(buf, 4); c.intoArray(buf, 8); d.intoArray(buf, 12);
        for (int j = 0; j < 4; j++) part[o * k + i + j] = LaneDots.tail(p, x[i + j], end, to, lanes(buf, j * 4));
      }
      for (; i < k; i++) part[o * k + i] = LaneDots.one(p, x[i], from, end, to);
    }
    return part;
  }

  /** (l0 + l1) + (l2 + l3) of the lanes stored at buf[at..at+3]: the order LaneDots defines (reduceLanes leaves it open). */
  private static double lanes(double[] buf, int at) {
    return (buf[at] + buf[at + 1]) + (buf[at + 2] + buf[at + 3]);
  }

}
