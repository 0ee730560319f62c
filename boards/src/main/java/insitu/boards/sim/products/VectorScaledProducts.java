package insitu.boards.sim.products;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The auto-scaled product of a few columns ({@link AutoScaledProducts}, a convolution at batch 1)
 * on the Vector API, register-blocked: two 256-bit vectors hold one input of eight columns, and
 * eight outputs of those columns accumulate in sixteen registers while the inputs stream past,
 * so an output is written once instead of being read and written once per four inputs. Each
 * output still adds its terms one by one in input order (a multiply, then an add, no fused
 * multiply-add) onto +0.0: the bits of the scalar sweeps. Loaded only when the JVM has the module.
 *
 * <p>Maxima are taken on the bit patterns (an absolute value's bits order like the value, a NaN's
 * above +∞): integer max instructions, where JDK 17's double max carries NaN and −0.0 fix-ups in
 * every step. Voltages are clamped (InputScaling.volts) only in columns whose largest input times
 * the scale rounds above the limit; other columns cannot overshoot.
 *
 * <p>256-bit vectors, as {@code LaneDots}' kernel: a JVM that runs two vector shapes through the
 * API's shared code compiles both badly (boxed vectors). No vector is
 * passed to a method or merged at a branch: C2 may box it.
 */
final class VectorScaledProducts {
  private VectorScaledProducts() {}

  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
  private static final VectorSpecies<Long> L = LongVector.SPECIES_256;
  /** Outputs per register block. */
  static final int OUTPUTS = 8;
  private static final long ABS_BITS = 0x7FFF_FFFF_FFFF_FFFFL, INFINITY_BITS = 0x7FF0_0000_0000_0000L;

  /** Whether vectors of at least four doubles are native here (elsewhere the API would emulate them, slowly). */
  static boolean usable() {
    return S.vectorBitSize() >= 256 && S.vectorBitSize() == L.vectorBitSize();
  }

  /**
   * gt (gt[j·n + i]) in blocks of {@link #OUTPUTS} outputs, input-major: packed[blk][i·8 + q] =
   * gt[(8·blk + q)·n + i], zeros past the last output.
   */
  static double[][] pack(double[] gt, int n, int nc) {
    double[][] packed = new double[(nc + OUTPUTS - 1) / OUTPUTS][n * OUTPUTS];
    for (int j = 0; j < nc; j++) {
      double[] p = packed[j / OUTPUTS];
      int q = j % OUTPUTS;
      for (int i = 0; i < n; i++) p[i * OUTPUTS + q] = gt[j * n + i];
    }
    return packed;
  }

  /**
   * Scales and products of columns from..to (a whole number of {@link #width()}-column blocks), as
   * AutoScaledProducts' scalar sweeps compute them: m[b] = max_i |x[i][b]| over the first
   * {@code distinct} rows, s[b] = InputScaling.scale(m[b], lim), out[j][b] = Σ_i gt[j][i]·
   * InputScaling.volts(x[i][b], s[b], lim). False if an input is NaN (out and s are then partly
   * written).
   */
  static boolean products(double[][] packed, double[][] x, int distinct, double lim, int from, int to, int n, int nc, double[][] out,
                          double[] m, double[] s, double[] scratch) {
    if ((to - from) % width() != 0) throw new IllegalArgumentException("columns " + from + ".." + to + " are not whole blocks of " + width());
    if (!scales(x, distinct, lim, from, to, m, s)) return false;
    // scratch: clamped voltages (n·width), then ones (width), then the pad (a vector).
    int onesAt = n * width(), padAt = onesAt + width();
    java.util.Arrays.fill(scratch, onesAt, padAt, 1.0);
    for (int blk = 0; blk < packed.length; blk++) block(packed[blk], x, lim, from, to, n, m, s, out, blk * OUTPUTS, nc, scratch, padAt, onesAt);
    return true;
  }

  /** Columns per block: two vectors. */
  static int width() {
    return 2 * S.length();
  }

  /** Doubles of scratch {@link #products} needs for n inputs. */
  static int scratchSize(int n) {
    return (n + 1) * 2 * S.length() + S.length();
  }

  /** m[b] and s[b] for columns from..end (whole vectors); false on a NaN. */
  private static boolean scales(double[][] x, int distinct, double lim, int from, int end, double[] m, double[] s) {
    DoubleVector limV = DoubleVector.broadcast(S, lim), one = DoubleVector.broadcast(S, 1.0);
    for (int b = from; b < end; b += S.length()) {
      // Two running maxima side by side: each max waits on the previous one.
      LongVector l0 = LongVector.zero(L), l1 = l0;
      int i = 0;
      for (; i + 1 < distinct; i += 2) {
        l0 = l0.max(DoubleVector.fromArray(S, x[i], b).reinterpretAsLongs().and(ABS_BITS));
        l1 = l1.max(DoubleVector.fromArray(S, x[i + 1], b).reinterpretAsLongs().and(ABS_BITS));
      }
      if (i < distinct) l0 = l0.max(DoubleVector.fromArray(S, x[i], b).reinterpretAsLongs().and(ABS_BITS));
      l0 = l0.max(l1);
      if (l0.compare(VectorOperators.GT, INFINITY_BITS).anyTrue()) return false;
      DoubleVector a = l0.reinterpretAsDoubles();
      a.intoArray(m, b);
      one.blend(limV.div(a), a.compare(VectorOperators.GT, 0.0)).intoArray(s, b);
    }
    return true;
  }

  /**
   * Outputs j..j+7 (those below nc; the others land in scratch's pad) of columns from..end, two
   * vectors of columns at a time: each input's voltages times eight conductances.
   */
  private static void block(double[] gp, double[][] x, double lim, int from, int end, int n, double[] m, double[] s, double[][] out, int j,
                            int nc, double[] scratch, int padAt, int onesAt) {
    DoubleVector zero = DoubleVector.zero(S), limV = DoubleVector.broadcast(S, lim);
    double[] o0 = out[j], o1 = j + 1 < nc ? out[j + 1] : scratch, o2 = j + 2 < nc ? out[j + 2] : scratch, o3 = j + 3 < nc ? out[j + 3] : scratch;
    double[] o4 = j + 4 < nc ? out[j + 4] : scratch, o5 = j + 5 < nc ? out[j + 5] : scratch, o6 = j + 6 < nc ? out[j + 6] : scratch;
    double[] o7 = j + 7 < nc ? out[j + 7] : scratch;
    // Index factors: 1 for a real row, 0 for the pad (which starts at padAt).
    int f1 = j + 1 < nc ? 1 : 0, f2 = j + 2 < nc ? 1 : 0, f3 = j + 3 < nc ? 1 : 0, f4 = j + 4 < nc ? 1 : 0, f5 = j + 5 < nc ? 1 : 0;
    int f6 = j + 6 < nc ? 1 : 0, f7 = j + 7 < nc ? 1 : 0;
    int p1 = (1 - f1) * padAt, p2 = (1 - f2) * padAt, p3 = (1 - f3) * padAt, p4 = (1 - f4) * padAt, p5 = (1 - f5) * padAt;
    int p6 = (1 - f6) * padAt, p7 = (1 - f7) * padAt;
    int lanes = S.length();
    for (int b = from; b < end; b += 2 * lanes) {
      int e = b + lanes;
      boolean over = DoubleVector.fromArray(S, m, b).mul(DoubleVector.fromArray(S, s, b)).compare(VectorOperators.GT, limV).anyTrue()
          | DoubleVector.fromArray(S, m, e).mul(DoubleVector.fromArray(S, s, e)).compare(VectorOperators.GT, limV).anyTrue();
      // Columns that can overshoot the limit: their clamped voltages go to a scratch first, which
      // the loop multiplies by exact ones (a branch inside the loop would merge two vectors, and
      // C2 may box a merged vector).
      if (over) clampedVolts(x, n, b, lanes, s, lim, scratch);
      double[] sv = over ? scratch : s;
      DoubleVector sc = DoubleVector.fromArray(S, sv, over ? onesAt : b), se = DoubleVector.fromArray(S, sv, over ? onesAt + lanes : e);
      DoubleVector a0 = zero, a1 = zero, a2 = zero, a3 = zero, a4 = zero, a5 = zero, a6 = zero, a7 = zero;
      DoubleVector c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero, c6 = zero, c7 = zero;
      for (int i = 0, g = 0; i < n; i++, g += OUTPUTS) {
        double[] src = over ? scratch : x[i];
        int lo = over ? i * 2 * lanes : b;
        DoubleVector v = DoubleVector.fromArray(S, src, lo).mul(sc), w = DoubleVector.fromArray(S, src, lo + lanes).mul(se);
        double g0 = gp[g], g1 = gp[g + 1], g2 = gp[g + 2], g3 = gp[g + 3], g4 = gp[g + 4], g5 = gp[g + 5], g6 = gp[g + 6], g7 = gp[g + 7];
        a0 = a0.add(v.mul(g0)); c0 = c0.add(w.mul(g0));
        a1 = a1.add(v.mul(g1)); c1 = c1.add(w.mul(g1));
        a2 = a2.add(v.mul(g2)); c2 = c2.add(w.mul(g2));
        a3 = a3.add(v.mul(g3)); c3 = c3.add(w.mul(g3));
        a4 = a4.add(v.mul(g4)); c4 = c4.add(w.mul(g4));
        a5 = a5.add(v.mul(g5)); c5 = c5.add(w.mul(g5));
        a6 = a6.add(v.mul(g6)); c6 = c6.add(w.mul(g6));
        a7 = a7.add(v.mul(g7)); c7 = c7.add(w.mul(g7));
      }
      a0.intoArray(o0, b); c0.intoArray(o0, e);
      a1.intoArray(o1, b * f1 + p1); c1.intoArray(o1, e * f1 + p1);
      a2.intoArray(o2, b * f2 + p2); c2.intoArray(o2, e * f2 + p2);
      a3.intoArray(o3, b * f3 + p3); c3.intoArray(o3, e * f3 + p3);
      a4.intoArray(o4, b * f4 + p4); c4.intoArray(o4, e * f4 + p4);
      a5.intoArray(o5, b * f5 + p5); c5.intoArray(o5, e * f5 + p5);
      a6.intoArray(o6, b * f6 + p6); c6.intoArray(o6, e * f6 + p6);
      a7.intoArray(o7, b * f7 + p7); c7.intoArray(o7, e * f7 + p7);
    }
  }

  /** volts[i·2L + l] = InputScaling.volts(x[i][b + l], s[b + l], lim) for two vectors of columns from b. */
  private static void clampedVolts(double[][] x, int n, int b, int lanes, double[] s, double lim, double[] volts) {
    DoubleVector limV = DoubleVector.broadcast(S, lim), negV = DoubleVector.broadcast(S, -lim);
    for (int h = 0; h < 2 * lanes; h += lanes) {
      DoubleVector sc = DoubleVector.fromArray(S, s, b + h);
      for (int i = 0; i < n; i++) {
        DoubleVector u = DoubleVector.fromArray(S, x[i], b + h).mul(sc);
        u.blend(limV, u.compare(VectorOperators.GT, limV)).blend(negV, u.compare(VectorOperators.LT, negV)).intoArray(volts, i * 2 * lanes + h);
      }
    }
  }

}
