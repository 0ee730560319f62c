package insitu.boards.numeric;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LaneDots#outerSums} on the Vector API: each sum's four lanes are the four lanes of one
 * 256-bit vector, so a vector multiply and a vector add do one step of four lanes, exactly as the
 * scalar code does them one by one (IEEE products and sums are the same in a lane). Sixteen sums
 * (four outputs by four inputs) run side by side. Loaded only when the JVM has the module.
 *
 * <p>No vector is passed to a method that may not be inlined: C2 would then box every vector of
 * the loop (measured: 15× slower).
 */
final class VectorLaneDots {
  private VectorLaneDots() {}

  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;

  /** Whether 256-bit vectors are native here (elsewhere the API would emulate them, slowly). */
  static boolean usable() {
    return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
  }

  static double[] outerSums(double[][] g, double[][] x, int nOut, int k, int from, int to) {
    double[] part = new double[nOut * k];
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
        part[o * k + i] = LaneDots.tail(p0, u0, end, to, lanes(a0));
        part[o * k + i + 1] = LaneDots.tail(p0, u1, end, to, lanes(a1));
        part[o * k + i + 2] = LaneDots.tail(p0, u2, end, to, lanes(a2));
        part[o * k + i + 3] = LaneDots.tail(p0, u3, end, to, lanes(a3));
        part[(o + 1) * k + i] = LaneDots.tail(p1, u0, end, to, lanes(b0));
        part[(o + 1) * k + i + 1] = LaneDots.tail(p1, u1, end, to, lanes(b1));
        part[(o + 1) * k + i + 2] = LaneDots.tail(p1, u2, end, to, lanes(b2));
        part[(o + 1) * k + i + 3] = LaneDots.tail(p1, u3, end, to, lanes(b3));
        part[(o + 2) * k + i] = LaneDots.tail(p2, u0, end, to, lanes(c0));
        part[(o + 2) * k + i + 1] = LaneDots.tail(p2, u1, end, to, lanes(c1));
        part[(o + 2) * k + i + 2] = LaneDots.tail(p2, u2, end, to, lanes(c2));
        part[(o + 2) * k + i + 3] = LaneDots.tail(p2, u3, end, to, lanes(c3));
        part[(o + 3) * k + i] = LaneDots.tail(p3, u0, end, to, lanes(d0));
        part[(o + 3) * k + i + 1] = LaneDots.tail(p3, u1, end, to, lanes(d1));
        part[(o + 3) * k + i + 2] = LaneDots.tail(p3, u2, end, to, lanes(d2));
        part[(o + 3) * k + i + 3] = LaneDots.tail(p3, u3, end, to, lanes(d3));
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
        part[o * k + i] = LaneDots.tail(p0, u, end, to, lanes(a));
        part[(o + 1) * k + i] = LaneDots.tail(p1, u, end, to, lanes(b));
        part[(o + 2) * k + i] = LaneDots.tail(p2, u, end, to, lanes(c));
        part[(o + 3) * k + i] = LaneDots.tail(p3, u, end, to, lanes(d));
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
        part[o * k + i] = LaneDots.tail(p, u0, end, to, lanes(a));
        part[o * k + i + 1] = LaneDots.tail(p, u1, end, to, lanes(b));
        part[o * k + i + 2] = LaneDots.tail(p, u2, end, to, lanes(c));
        part[o * k + i + 3] = LaneDots.tail(p, u3, end, to, lanes(d));
      }
      for (; i < k; i++) part[o * k + i] = LaneDots.one(p, x[i], from, end, to);
    }
    return part;
  }

  /** (l0 + l1) + (l2 + l3): the lanes in the order LaneDots defines (reduceLanes leaves it open). */
  private static double lanes(DoubleVector v) {
    return (v.lane(0) + v.lane(1)) + (v.lane(2) + v.lane(3));
  }
}
