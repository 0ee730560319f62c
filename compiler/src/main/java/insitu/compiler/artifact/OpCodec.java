package insitu.compiler.artifact;

import static insitu.compiler.artifact.JsonFields.bool;
import static insitu.compiler.artifact.JsonFields.integer;
import static insitu.compiler.artifact.JsonFields.ints;
import static insitu.compiler.artifact.JsonFields.longs;
import static insitu.compiler.artifact.JsonFields.num;
import static insitu.compiler.artifact.JsonFields.number;
import static insitu.compiler.artifact.JsonFields.of;
import static insitu.compiler.artifact.JsonFields.str;

import com.google.gson.JsonObject;
import insitu.compiler.ir.Op;

/**
 * The op records of the IR as JSON objects: {@code {"type": "Conv", "kernel": [3,3], ...}}, one
 * named field per record component. Written out by hand per type, so the file format is exactly
 * what this class says and a renamed Java field can never silently change it.
 */
final class OpCodec {
  private OpCodec() {}

  static JsonObject encode(Op op) {
    JsonObject o = new JsonObject();
    o.addProperty("type", op.type());
    if (op instanceof Op.Conv c) {
      window(o, c.kernel(), c.strides(), c.pads());
      o.add("dilations", of(c.dilations()));
    } else if (op instanceof Op.Gemm g) {
      o.add("alpha", num(g.alpha()));
      o.add("beta", num(g.beta()));
      o.addProperty("transA", g.transA());
      o.addProperty("transB", g.transB());
    } else if (op instanceof Op.LeakyRelu l) {
      o.add("alpha", num(l.alpha()));
    } else if (op instanceof Op.Clip c) {
      o.add("min", num(c.min()));
      o.add("max", num(c.max()));
    } else if (op instanceof Op.Softmax s) {
      o.addProperty("axis", s.axis());
    } else if (op instanceof Op.LogSoftmax s) {
      o.addProperty("axis", s.axis());
    } else if (op instanceof Op.MaxPool p) {
      window(o, p.kernel(), p.strides(), p.pads());
    } else if (op instanceof Op.AveragePool p) {
      window(o, p.kernel(), p.strides(), p.pads());
      o.addProperty("countIncludePad", p.countIncludePad());
    } else if (op instanceof Op.Flatten f) {
      o.addProperty("axis", f.axis());
    } else if (op instanceof Op.Reshape r) {
      o.add("shape", of(r.shape()));
    } else if (op instanceof Op.Transpose t) {
      o.add("perm", of(t.perm()));
    } else if (op instanceof Op.Concat c) {
      o.addProperty("axis", c.axis());
    } else if (op instanceof Op.Split s) {
      o.addProperty("axis", s.axis());
      o.add("sizes", of(s.sizes()));
    } else if (op instanceof Op.Slice s) {
      o.add("starts", of(s.starts()));
      o.add("ends", of(s.ends()));
      o.add("axes", of(s.axes()));
      o.add("steps", of(s.steps()));
    } else if (op instanceof Op.Squeeze s) {
      o.add("axes", of(s.axes()));
    } else if (op instanceof Op.Unsqueeze u) {
      o.add("axes", of(u.axes()));
    } else if (op instanceof Op.Gather g) {
      o.addProperty("axis", g.axis());
      o.add("indices", of(g.indices()));
      o.addProperty("scalarIndex", g.scalarIndex());
    } else if (op instanceof Op.Pad p) {
      o.add("pads", of(p.pads()));
      o.add("value", num(p.value()));
      // Written only when it is not the default, so artifacts of constant pads stay as they were.
      if (p.mode() != Op.Pad.Mode.CONSTANT) o.addProperty("mode", p.mode().name());
    } else if (op instanceof Op.StepFunction f) {
      o.addProperty("kind", f.kind().name());
    } else if (op instanceof Op.Im2Col p) {
      window(o, p.kernel(), p.strides(), p.pads());
    } else if (!PeripheryOpCodec.encode(op, o) && !(op instanceof Op.MatMul || op instanceof Op.Add || op instanceof Op.Sub || op instanceof Op.Mul
        || op instanceof Op.Div || op instanceof Op.Relu || op instanceof Op.Sigmoid || op instanceof Op.Tanh
        || op instanceof Op.Identity || op instanceof Op.GlobalAveragePool)) {
      // A new op record must be added here and in decode; failing loudly beats writing an artifact that cannot be read.
      throw new IllegalArgumentException("op " + op.type() + " has no artifact encoding");
    }
    return o;
  }

  /** The sliding-window fields of Conv, the poolings, Im2Col and Col2Im, in this order. */
  static void window(JsonObject o, int[] kernel, int[] strides, int[] pads) {
    o.add("kernel", of(kernel));
    o.add("strides", of(strides));
    o.add("pads", of(pads));
  }

  private static Op.StepFunction.Kind stepKind(String name) {
    try {
      return Op.StepFunction.Kind.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new JsonFields.FieldException("unknown step function '" + name + "'");
    }
  }

  static Op decode(JsonObject o) {
    String type = str(o, "type");
    return switch (type) {
      case "Conv" -> new Op.Conv(ints(o, "kernel"), ints(o, "strides"), ints(o, "pads"), ints(o, "dilations"));
      case "Gemm" -> new Op.Gemm(number(o, "alpha"), number(o, "beta"), bool(o, "transA"), bool(o, "transB"));
      case "MatMul" -> new Op.MatMul();
      case "Add" -> new Op.Add();
      case "Sub" -> new Op.Sub();
      case "Mul" -> new Op.Mul();
      case "Div" -> new Op.Div();
      case "Relu" -> new Op.Relu();
      case "LeakyRelu" -> new Op.LeakyRelu(number(o, "alpha"));
      case "Sigmoid" -> new Op.Sigmoid();
      case "Tanh" -> new Op.Tanh();
      case "Clip" -> new Op.Clip(number(o, "min"), number(o, "max"));
      case "Identity" -> new Op.Identity();
      case "Softmax" -> new Op.Softmax(integer(o, "axis"));
      case "LogSoftmax" -> new Op.LogSoftmax(integer(o, "axis"));
      case "MaxPool" -> new Op.MaxPool(ints(o, "kernel"), ints(o, "strides"), ints(o, "pads"));
      case "AveragePool" -> new Op.AveragePool(ints(o, "kernel"), ints(o, "strides"), ints(o, "pads"), bool(o, "countIncludePad"));
      case "GlobalAveragePool" -> new Op.GlobalAveragePool();
      case "Flatten" -> new Op.Flatten(integer(o, "axis"));
      case "Reshape" -> new Op.Reshape(longs(o, "shape"));
      case "Transpose" -> new Op.Transpose(ints(o, "perm"));
      case "Concat" -> new Op.Concat(integer(o, "axis"));
      case "Split" -> new Op.Split(integer(o, "axis"), ints(o, "sizes"));
      case "Slice" -> new Op.Slice(longs(o, "starts"), longs(o, "ends"), ints(o, "axes"), longs(o, "steps"));
      case "Squeeze" -> new Op.Squeeze(ints(o, "axes"));
      case "Unsqueeze" -> new Op.Unsqueeze(ints(o, "axes"));
      case "Gather" -> new Op.Gather(integer(o, "axis"), longs(o, "indices"), bool(o, "scalarIndex"));
      case "Pad" -> new Op.Pad(longs(o, "pads"), number(o, "value"),
          o.has("mode") ? PeripheryOpCodec.padMode(str(o, "mode")) : Op.Pad.Mode.CONSTANT);
      case "Round", "Floor", "Ceil", "Sign" -> new Op.StepFunction(stepKind(str(o, "kind")));
      case "Im2Col" -> new Op.Im2Col(ints(o, "kernel"), ints(o, "strides"), ints(o, "pads"));
      default -> {
        Op periphery = PeripheryOpCodec.decode(type, o);
        if (periphery == null) throw new JsonFields.FieldException("unknown op type '" + type + "'");
        yield periphery;
      }
    };
  }
}
