package insitu.compiler.onnx;

import insitu.compiler.ir.Op;
import insitu.compiler.ir.Resolver;
import insitu.compiler.ir.Resolver.Context;
import insitu.compiler.ir.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * ONNX LSTM, GRU and RNN unrolled over their (fixed) sequence length into Gemms and digital
 * gates. Per direction, W (input to gates) and R (hidden state to gates) are each one crossbar
 * weight that every time step's Gemm reads, so each lives in one crossbar block shared across
 * time, as in the built-in ConvLSTM; training then gets backpropagation through time. Gate order
 * and equations are ONNX's (LSTM iofc with optional peepholes, clip and input_forget; GRU zrh with
 * either linear_before_reset); only the default activations are unrolled.
 */
final class RecurrentRules {
  private RecurrentRules() {}

  /** The three cells: gates per step, and the activations ONNX applies by default. */
  private enum Cell {
    LSTM(4, List.of("sigmoid", "tanh", "tanh")), GRU(3, List.of("sigmoid", "tanh")), RNN(1, List.of("tanh"));

    final int gates;
    final List<String> defaults;

    Cell(int gates, List<String> defaults) {
      this.gates = gates;
      this.defaults = defaults;
    }
  }

  static Resolver of(OnnxNode n) {
    return c -> new Unrolled(n, c, Cell.valueOf(n.opType())).expand();
  }

  /** The outputs an ONNX recurrent op declares at most: Y, Y_h (and Y_c for LSTM). */
  static int outputs(OnnxNode n) {
    return n.opType().equals("LSTM") ? 3 : 2;
  }

  private static final class Unrolled {
    private final OnnxNode n;
    private final Context c;
    private final Cell cell;
    private final Expansion e;
    private final int layout, seq, hidden, dirs;
    private final double clip;
    private final Tensor w, r, b;

    Unrolled(OnnxNode n, Context c, Cell cell) {
      this.n = n;
      this.c = c;
      this.cell = cell;
      e = new Expansion(c, n.label());
      checkActivations();
      layout = (int) Attributes.i(n, "layout", 0);
      if (layout != 0 && layout != 1) throw c.error("attribute layout=" + layout + " is not 0 or 1");
      int[] xs = c.shape(0, 0);
      if (xs.length != 3) throw c.error("needs an input of rank 3, got " + Arrays.toString(xs));
      seq = xs[layout == 0 ? 0 : 1];
      if (c.shape(1, 0)[layout == 0 ? 0 : 1] != seq)
        throw c.error("its sequence axis follows the batch size; export with layout " + (layout == 0 ? "[seq, batch, input]" : "[batch, seq, input]"));
      String direction = Attributes.s(n, "direction", "forward");
      dirs = switch (direction) {
        case "forward", "reverse" -> 1;
        case "bidirectional" -> 2;
        default -> throw c.error("attribute direction='" + direction + "' is not forward, reverse or bidirectional");
      };
      w = c.constant(1, "W");
      r = c.constant(2, "R");
      int gh = w.rank() == 3 ? w.dim(1) : -1;
      hidden = (int) Attributes.i(n, "hidden_size", gh / cell.gates);
      if (w.rank() != 3 || w.dim(0) != dirs || gh != cell.gates * hidden || w.dim(2) != xs[2])
        throw c.error("W of shape " + Arrays.toString(w.shape()) + " does not fit " + dirs + " direction(s), hidden_size " + hidden + " and "
            + xs[2] + " input features");
      if (!Arrays.equals(r.shape(), new int[] {dirs, gh, hidden})) throw c.error("R of shape " + Arrays.toString(r.shape()) + " does not fit W");
      b = c.present(3) ? c.constant(3, "B") : new Tensor(new int[] {dirs, 2 * gh}, new double[dirs * 2 * gh]);
      if (!Arrays.equals(b.shape(), new int[] {dirs, 2 * gh})) throw c.error("B of shape " + Arrays.toString(b.shape()) + " does not fit W");
      clip = Attributes.f(n, "clip", Double.NaN);
      checkSequenceLengths();
    }

    private void checkActivations() {
      if (n.attribute("activation_alpha").isPresent() || n.attribute("activation_beta").isPresent())
        throw c.error("attributes activation_alpha/activation_beta are not supported; insitu unrolls the default activations only");
      var a = n.attribute("activations");
      if (a.isEmpty()) return;
      List<String> given = a.get().strings().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
      for (int k = 0; k < given.size(); k++)
        if (!given.get(k).equals(cell.defaults.get(k % cell.defaults.size())))
          throw c.error("attribute activations " + a.get().strings() + " is not supported; insitu unrolls the default activations "
              + cell.defaults + " only");
    }

    private void checkSequenceLengths() {
      if (!c.present(4)) return;
      if (!c.isConstant(4)) throw c.error("its sequence_lens input is computed at run time; insitu unrolls a fixed sequence length");
      for (long len : c.constant(4, "sequence_lens").longs())
        if (len != seq) throw c.error("sequence_lens holds " + len + "; insitu unrolls every sequence to the full length " + seq);
    }

    Resolver.Result expand() {
      String[][] hs = new String[dirs][];
      String[] hLast = new String[dirs], cLast = new String[dirs];
      for (int d = 0; d < dirs; d++) {
        boolean reverse = Attributes.s(n, "direction", "forward").equals("reverse") || d == 1;
        hs[d] = new String[seq];
        String[] last = direction(d, reverse, hs[d]);
        hLast[d] = last[0];
        cLast[d] = last[1];
      }
      // Y: [seq, dirs, batch, hidden] (layout 0) or [batch, seq, dirs, hidden] (layout 1).
      int timeAxis = layout == 0 ? 0 : 1, dirAxis = layout == 0 ? 1 : 2;
      String[] steps = new String[seq];
      for (int t = 0; t < seq; t++) {
        String[] perDir = new String[dirs];
        for (int d = 0; d < dirs; d++) perDir[d] = e.op("y" + t + "_" + d, new Op.Unsqueeze(new int[] {timeAxis, dirAxis}), hs[d][t]);
        steps[t] = concat("y" + t, dirAxis, perDir);
      }
      String y = concat("y", timeAxis, steps);
      String yh = states("y_h", hLast), yc = cell == Cell.LSTM ? states("y_c", cLast) : null;
      return cell == Cell.LSTM ? e.result(y, yh, yc) : e.result(y, yh);
    }

    /** Final states [dirs, batch, hidden] (layout 0) or [batch, dirs, hidden]. */
    private String states(String what, String[] perDir) {
      int axis = layout == 0 ? 0 : 1;
      String[] u = new String[dirs];
      for (int d = 0; d < dirs; d++) u[d] = e.op(what + "_" + d, new Op.Unsqueeze(new int[] {axis}), perDir[d]);
      return concat(what, axis, u);
    }

    private String concat(String what, int axis, String[] values) {
      return values.length == 1 ? values[0] : e.op(what, new Op.Concat(axis), values);
    }

    /** One direction over the whole sequence; fills hs by time index and returns the last {h, c}. */
    private String[] direction(int d, boolean reverse, String[] hs) {
      int gh = cell.gates * hidden;
      String suffix = dirs == 1 ? "" : d == 0 ? "/forward" : "/backward";
      String wd = e.constant(c.input(1) + suffix, slice(w, d * gh * w.dim(2), gh * w.dim(2), gh, w.dim(2)));
      double[] wb = Arrays.copyOfRange(b.data(), d * 2 * gh, d * 2 * gh + gh), rb = Arrays.copyOfRange(b.data(), d * 2 * gh + gh, (d + 1) * 2 * gh);
      String h = initial(5, d), cs = cell == Cell.LSTM ? initial(6, d) : null;
      StepWeights sw = stepWeights(d, suffix, wd, wb, rb);
      for (int s = 0; s < seq; s++) {
        int t = reverse ? seq - 1 - s : s;
        String xt = e.op("x" + t + suffix, new Op.Gather(layout == 0 ? 0 : 1, new long[] {t}, true), c.input(0));
        String[] next = switch (cell) {
          case LSTM -> lstmStep(sw, xt, h, cs, d, t);
          case GRU -> gruStep(sw, xt, h, t + suffix);
          case RNN -> new String[] {rnnStep(sw, xt, h, t + suffix), null};
        };
        h = next[0];
        cs = next[1];
        hs[t] = h;
      }
      return new String[] {h, cs};
    }

    /** The constants one direction's steps share. GRU with linear_before_reset=0 needs R in two parts. */
    private record StepWeights(String w, String wBias, String r, String rBias, String rh, String rhBias, String[] rbParts) {}

    private StepWeights stepWeights(int d, String suffix, String wd, double[] wb, double[] rb) {
      int gh = cell.gates * hidden, rOff = d * gh * hidden;
      String rName = c.input(2) + suffix, bName = c.present(3) ? c.input(3) + suffix : n.label() + "/bias" + suffix;
      if (cell != Cell.GRU) {
        // LSTM and RNN add both biases before their activations: one bias on the input Gemm.
        double[] sum = new double[gh];
        for (int k = 0; k < gh; k++) sum[k] = wb[k] + rb[k];
        String rd = e.constant(rName, slice(r, rOff, gh * hidden, gh, hidden));
        return new StepWeights(wd, e.constant(bName, vector(sum)), rd, null, null, null, null);
      }
      String wBias = e.constant(bName + "/W", vector(wb));
      String[] parts = new String[3];
      for (int k = 0; k < 3; k++) parts[k] = e.constant(bName + "/R" + "zrh".charAt(k), vector(Arrays.copyOfRange(rb, k * hidden, (k + 1) * hidden)));
      if (Attributes.i(n, "linear_before_reset", 0) != 0) {
        String rd = e.constant(rName, slice(r, rOff, gh * hidden, gh, hidden));
        return new StepWeights(wd, wBias, rd, e.constant(bName + "/R", vector(rb)), null, null, parts);
      }
      String rzr = e.constant(rName + "/zr", slice(r, rOff, 2 * hidden * hidden, 2 * hidden, hidden));
      String rh = e.constant(rName + "/h", slice(r, rOff + 2 * hidden * hidden, hidden * hidden, hidden, hidden));
      String rzrBias = e.constant(bName + "/Rzr", vector(Arrays.copyOf(rb, 2 * hidden)));
      return new StepWeights(wd, wBias, rzr, rzrBias, rh, parts[2], parts);
    }

    /** Initial state {@code index} (initial_h or initial_c) of direction d as [batch, hidden], or null (zeros). */
    private String initial(int index, int d) {
      if (!c.present(index)) return null;
      return e.op((index == 5 ? "h0" : "c0") + "_" + d, new Op.Gather(layout == 0 ? 0 : 1, new long[] {d}, true), c.input(index));
    }

    private String gemm(String what, String x, String weight, String bias) {
      return e.op(what, new Op.Gemm(1, 1, false, true), x, weight, bias);
    }

    private String clipped(String what, String v) {
      return Double.isNaN(clip) ? v : e.op(what + "_clip", new Op.Clip(-clip, clip), v);
    }

    private String[] split(String what, String v, int parts) {
      int[] sizes = new int[parts];
      Arrays.fill(sizes, hidden);
      return e.ops(what, new Op.Split(1, sizes), parts, v).toArray(new String[0]);
    }

    private String[] lstmStep(StepWeights sw, String xt, String h, String cs, int d, int t) {
      String at = t + (dirs == 1 ? "" : "_" + d);
      String pre = gemm("gates_x" + at, xt, sw.w, sw.wBias);
      if (h != null) pre = e.op("gates" + at, new Op.Add(), pre, gemm("gates_h" + at, h, sw.r, null));
      String[] g = split("split" + at, pre, 4); // i, o, f, c
      String[] p = peepholes(d);
      String i = g[0], f = g[2];
      if (p != null && cs != null) {
        i = e.op("i_peep" + at, new Op.Add(), i, e.op("pi" + at, new Op.Mul(), cs, p[0]));
        f = e.op("f_peep" + at, new Op.Add(), f, e.op("pf" + at, new Op.Mul(), cs, p[2]));
      }
      i = e.op("i" + at, new Op.Sigmoid(), clipped("i" + at, i));
      f = Attributes.i(n, "input_forget", 0) != 0 ? e.op("f" + at, new Op.Sub(), one(), i) : e.op("f" + at, new Op.Sigmoid(), clipped("f" + at, f));
      String cc = e.op("c_in" + at, new Op.Tanh(), clipped("c_in" + at, g[3]));
      String added = e.op("ic" + at, new Op.Mul(), i, cc);
      String cNew = cs == null ? added : e.op("c" + at, new Op.Add(), e.op("fc" + at, new Op.Mul(), f, cs), added);
      String o = g[1];
      if (p != null) o = e.op("o_peep" + at, new Op.Add(), o, e.op("po" + at, new Op.Mul(), cNew, p[1]));
      o = e.op("o" + at, new Op.Sigmoid(), clipped("o" + at, o));
      return new String[] {e.op("h" + at, new Op.Mul(), o, e.op("c_act" + at, new Op.Tanh(), cNew)), cNew};
    }

    /** The peephole vectors of direction d in ONNX's order {Pi, Po, Pf}, or null when P is absent. */
    private String[] peepholes(int d) {
      if (!c.present(7)) return null;
      Tensor p = c.constant(7, "P");
      if (!Arrays.equals(p.shape(), new int[] {dirs, 3 * hidden})) throw c.error("P of shape " + Arrays.toString(p.shape()) + " does not fit W");
      String[] r = new String[3];
      for (int k = 0; k < 3; k++)
        r[k] = e.constant(c.input(7) + "/" + "iof".charAt(k) + d, vector(Arrays.copyOfRange(p.data(), (d * 3 + k) * hidden, (d * 3 + k + 1) * hidden)));
      return r;
    }

    private String[] gruStep(StepWeights sw, String xt, String h, String at) {
      String[] gx = split("split_x" + at, gemm("gates_x" + at, xt, sw.w, sw.wBias), 3); // z, r, h
      String[] gh;
      boolean beforeReset = sw.rh == null;
      if (h == null) gh = sw.rbParts;
      else if (beforeReset) gh = split("split_h" + at, gemm("gates_h" + at, h, sw.r, sw.rBias), 3);
      else gh = split("split_h" + at, gemm("gates_h" + at, h, sw.r, sw.rBias), 2);
      String z = e.op("z" + at, new Op.Sigmoid(), clipped("z" + at, e.op("z_in" + at, new Op.Add(), gx[0], gh[0])));
      String rg = e.op("r" + at, new Op.Sigmoid(), clipped("r" + at, e.op("r_in" + at, new Op.Add(), gx[1], gh[1])));
      String hh;
      if (beforeReset) hh = e.op("rh" + at, new Op.Mul(), rg, gh[2]);
      else hh = h == null ? sw.rhBias : gemm("rh" + at, e.op("r_state" + at, new Op.Mul(), rg, h), sw.rh, sw.rhBias);
      String cand = e.op("h_in" + at, new Op.Tanh(), clipped("h_in" + at, e.op("h_pre" + at, new Op.Add(), gx[2], hh)));
      String kept = e.op("keep" + at, new Op.Mul(), e.op("one_minus_z" + at, new Op.Sub(), one(), z), cand);
      return new String[] {h == null ? kept : e.op("h" + at, new Op.Add(), kept, e.op("zh" + at, new Op.Mul(), z, h)), null};
    }

    private String rnnStep(StepWeights sw, String xt, String h, String at) {
      String pre = gemm("x_in" + at, xt, sw.w, sw.wBias);
      if (h != null) pre = e.op("pre" + at, new Op.Add(), pre, gemm("h_in" + at, h, sw.r, null));
      return e.op("h" + at, new Op.Tanh(), clipped("h" + at, pre));
    }

    private String oneValue;

    private String one() {
      if (oneValue == null) oneValue = e.constant(n.label() + "/one", new Tensor(new int[0], new double[] {1}));
      return oneValue;
    }

    private static Tensor slice(Tensor t, int from, int count, int rows, int cols) {
      return new Tensor(new int[] {rows, cols}, Arrays.copyOfRange(t.data(), from, from + count));
    }

    private static Tensor vector(double[] v) {
      return new Tensor(new int[] {v.length}, v);
    }
  }
}
