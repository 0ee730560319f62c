package insitu.compiler.export;

import static insitu.compiler.export.OnnxProtos.floatAttr;
import static insitu.compiler.export.OnnxProtos.intAttr;
import static insitu.compiler.export.OnnxProtos.intsAttr;

import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.ValueShapes;
import insitu.errors.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes one IR node as standard ONNX (opset 13 or later: Split, Squeeze, Unsqueeze, Slice, Pad
 * and Clip take their parameters as inputs, Softmax works on one axis). Most ops map one to one;
 * {@code Im2Col}, which ONNX lacks, becomes a Conv with a one-hot kernel (each output channel
 * copies one input element, which is exact in any precision) and a Reshape and Transpose into
 * insitu's [N, positions, patch] layout. An op without an ONNX form is refused in one line.
 */
final class OpExport {
  /** The IR ops this exporter writes, for messages and docs. */
  static final List<String> COVERED = List.of("Conv", "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Relu", "LeakyRelu", "Sigmoid",
      "Tanh", "Clip", "Identity", "Round", "Floor", "Ceil", "Sign", "Softmax", "LogSoftmax", "MaxPool", "AveragePool",
      "GlobalAveragePool", "Flatten", "Reshape", "Transpose", "Concat", "Split", "Slice", "Squeeze", "Unsqueeze", "Gather", "Pad",
      "BatchNormalization", "Im2Col");

  private final OnnxGraphSink sink;
  private final ValueShapes shapes;

  OpExport(OnnxGraphSink sink, ValueShapes shapes) {
    this.sink = sink;
    this.shapes = shapes;
  }

  void export(Node n) {
    Op op = n.op();
    String name = n.name();
    List<String> in = n.inputs(), out = n.outputs();
    if (op instanceof Op.Conv c) {
      sink.node(name, "Conv", in, out, intsAttr("kernel_shape", c.kernel()), intsAttr("strides", c.strides()), intsAttr("pads", c.pads()),
          intsAttr("dilations", c.dilations()), intAttr("group", group(n)));
    } else if (op instanceof Op.Gemm g) {
      sink.node(name, "Gemm", in, out, floatAttr("alpha", g.alpha()), floatAttr("beta", g.beta()), intAttr("transA", g.transA() ? 1 : 0),
          intAttr("transB", g.transB() ? 1 : 0));
    } else if (op instanceof Op.MatMul) {
      if (in.size() > 2 && !in.get(2).isEmpty()) throw refuse(n, "a MatMul with a bias input has no ONNX form");
      sink.node(name, "MatMul", in.subList(0, 2), out);
    } else if (op instanceof Op.Add || op instanceof Op.Sub || op instanceof Op.Mul || op instanceof Op.Div || op instanceof Op.Relu
        || op instanceof Op.Sigmoid || op instanceof Op.Tanh || op instanceof Op.Identity || op instanceof Op.StepFunction
        || op instanceof Op.GlobalAveragePool) {
      sink.node(name, op.type(), in, out);
    } else if (op instanceof Op.LeakyRelu l) {
      sink.node(name, "LeakyRelu", in, out, floatAttr("alpha", l.alpha()));
    } else if (op instanceof Op.Clip c) {
      String min = Double.isInfinite(c.min()) ? "" : sink.floatScalar(name + ".min", c.min());
      String max = Double.isInfinite(c.max()) ? "" : sink.floatScalar(name + ".max", c.max());
      sink.node(name, "Clip", List.of(in.get(0), min, max), out);
    } else if (op instanceof Op.Softmax s) {
      sink.node(name, "Softmax", in, out, intAttr("axis", s.axis()));
    } else if (op instanceof Op.LogSoftmax s) {
      sink.node(name, "LogSoftmax", in, out, intAttr("axis", s.axis()));
    } else if (op instanceof Op.MaxPool p) {
      sink.node(name, "MaxPool", in, out, intsAttr("kernel_shape", p.kernel()), intsAttr("strides", p.strides()), intsAttr("pads", p.pads()));
    } else if (op instanceof Op.AveragePool p) {
      sink.node(name, "AveragePool", in, out, intsAttr("kernel_shape", p.kernel()), intsAttr("strides", p.strides()),
          intsAttr("pads", p.pads()), intAttr("count_include_pad", p.countIncludePad() ? 1 : 0));
    } else if (op instanceof Op.Flatten f) {
      sink.node(name, "Flatten", in, out, intAttr("axis", f.axis()));
    } else if (op instanceof Op.Reshape r) {
      sink.node(name, "Reshape", List.of(in.get(0), sink.int64s(name + ".shape", r.shape())), out);
    } else if (op instanceof Op.Transpose t) {
      sink.node(name, "Transpose", in, out, intsAttr("perm", t.perm()));
    } else if (op instanceof Op.Concat c) {
      sink.node(name, "Concat", in, out, intAttr("axis", c.axis()));
    } else if (op instanceof Op.Split s) {
      sink.node(name, "Split", List.of(in.get(0), sink.int64s(name + ".split", longs(s.sizes()))), out, intAttr("axis", s.axis()));
    } else if (op instanceof Op.Slice s) {
      sink.node(name, "Slice", List.of(in.get(0), sink.int64s(name + ".starts", s.starts()), sink.int64s(name + ".ends", s.ends()),
          sink.int64s(name + ".axes", longs(s.axes())), sink.int64s(name + ".steps", s.steps())), out);
    } else if (op instanceof Op.Squeeze s) {
      sink.node(name, "Squeeze", List.of(in.get(0), sink.int64s(name + ".axes", longs(s.axes()))), out);
    } else if (op instanceof Op.Unsqueeze u) {
      sink.node(name, "Unsqueeze", List.of(in.get(0), sink.int64s(name + ".axes", longs(u.axes()))), out);
    } else if (op instanceof Op.Gather g) {
      String indices = g.scalarIndex() ? sink.int64Scalar(name + ".indices", g.indices()[0]) : sink.int64s(name + ".indices", g.indices());
      sink.node(name, "Gather", List.of(in.get(0), indices), out, intAttr("axis", g.axis()));
    } else if (op instanceof Op.Pad p) {
      sink.node(name, "Pad", List.of(in.get(0), sink.int64s(name + ".pads", p.pads()), sink.floatScalar(name + ".value", p.value())), out,
          OnnxProtos.stringAttr("mode", "constant"));
    } else if (op instanceof Op.BatchNormalization b) {
      sink.node(name, "BatchNormalization", in, out, floatAttr("epsilon", b.epsilon()));
    } else if (op instanceof Op.Im2Col c) {
      im2col(n, c);
    } else {
      throw refuse(n, "the exporter writes " + String.join(", ", COVERED));
    }
  }

  /** Conv groups from the shapes: input channels over the weight's channels per group (1 for a plain Conv). */
  private int group(Node n) {
    int inChannels = shape(n, 0)[1], perGroup = shape(n, 1)[1];
    if (perGroup <= 0 || inChannels % perGroup != 0)
      throw refuse(n, "its weight has " + perGroup + " input channels per group for " + inChannels + " input channels");
    return inChannels / perGroup;
  }

  /**
   * Im2Col as Conv with the identity kernel: output channel (c, ky, kx) copies input channel c at
   * offset (ky, kx), giving [N, C·kh·kw, OH, OW]; Reshape and Transpose give [N, OH·OW, C·kh·kw].
   */
  private void im2col(Node n, Op.Im2Col c) {
    int channels = shape(n, 0)[1], kh = c.kernel()[0], kw = c.kernel()[1], patch = channels * kh * kw;
    double[] kernel = new double[patch * channels * kh * kw];
    for (int ch = 0; ch < channels; ch++)
      for (int ky = 0; ky < kh; ky++)
        for (int kx = 0; kx < kw; kx++) {
          int o = (ch * kh + ky) * kw + kx;
          kernel[((o * channels + ch) * kh + ky) * kw + kx] = 1;
        }
    String name = n.name();
    String w = sink.floatTensor(name + ".identity_kernel", new int[] {patch, channels, kh, kw}, kernel);
    String maps = sink.fresh(name + ".maps"), rows = sink.fresh(name + ".rows");
    sink.node(sink.fresh(name + ".conv"), "Conv", List.of(n.input(0), w), List.of(maps), intsAttr("kernel_shape", c.kernel()),
        intsAttr("strides", c.strides()), intsAttr("pads", c.pads()), intsAttr("dilations", new int[] {1, 1}), intAttr("group", 1));
    sink.node(sink.fresh(name + ".reshape"), "Reshape", List.of(maps, sink.int64s(name + ".rows_shape", 0, patch, -1)), List.of(rows));
    sink.node(name, "Transpose", List.of(rows), n.outputs(), intsAttr("perm", new int[] {0, 2, 1}));
  }

  private int[] shape(Node n, int input) {
    return shapes.of(n.input(input)).orElseThrow(() -> refuse(n, "the shape of its input '" + n.input(input) + "' is unknown"));
  }

  private static long[] longs(int[] v) {
    return Arrays.stream(v).asLongStream().toArray();
  }

  static BadInputException refuse(Node n, String why) {
    return new BadInputException("cannot export node '" + n.name() + "' (" + n.op().type() + ") to ONNX: " + why);
  }

  /** Every value name a graph's nodes read or write, and the node names: what fresh names must avoid. */
  static List<String> names(List<Node> nodes) {
    List<String> all = new ArrayList<>();
    for (Node n : nodes) {
      all.add(n.name());
      all.addAll(n.inputs());
      all.addAll(n.outputs());
    }
    return all;
  }
}
