package insitu.compiler.artifact;

import static insitu.compiler.artifact.JsonFields.bool;
import static insitu.compiler.artifact.JsonFields.integer;
import static insitu.compiler.artifact.JsonFields.ints;
import static insitu.compiler.artifact.JsonFields.num;
import static insitu.compiler.artifact.JsonFields.number;
import static insitu.compiler.artifact.JsonFields.of;
import static insitu.compiler.artifact.JsonFields.str;

import com.google.gson.JsonObject;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.UnaryFunction;

/** The artifact encoding of the digital periphery's ops added for issue 16 ({@link OpCodec} asks here first). */
final class PeripheryOpCodec {
  private PeripheryOpCodec() {}

  /** Adds the op's fields to {@code o} and returns true, or returns false if the op is not one of these. */
  static boolean encode(Op op, JsonObject o) {
    if (op instanceof Op.Unary u) {
      o.add("alpha", num(u.alpha()));
      o.add("beta", num(u.beta()));
    } else if (op instanceof Op.LRN l) {
      o.addProperty("size", l.size());
      o.add("alpha", num(l.alpha()));
      o.add("beta", num(l.beta()));
      o.add("bias", num(l.bias()));
    } else if (op instanceof Op.InstanceNormalization n) {
      o.add("epsilon", num(n.epsilon()));
    } else if (op instanceof Op.BatchNormalization n) {
      o.add("epsilon", num(n.epsilon()));
    } else if (op instanceof Op.Reduce r) {
      o.add("axes", of(r.axes()));
      o.addProperty("keepDims", r.keepDims());
    } else if (op instanceof Op.Tile t) {
      o.add("repeats", of(t.repeats()));
    } else if (op instanceof Op.Expand e) {
      o.add("shape", of(e.shape()));
    } else if (op instanceof Op.Pooling p) {
      o.addProperty("kind", p.kind().name());
      OpCodec.window(o, p.kernel(), p.strides(), p.pads());
      o.add("dilations", of(p.dilations()));
      o.addProperty("ceilMode", p.ceilMode());
      o.addProperty("countIncludePad", p.countIncludePad());
    } else if (op instanceof Op.Col2Im c) {
      o.add("image", of(c.image()));
      o.add("grid", of(c.grid()));
      OpCodec.window(o, c.kernel(), c.strides(), c.pads());
      o.add("dilations", of(c.dilations()));
    } else {
      return op instanceof Op.Pow || op instanceof Op.PRelu;
    }
    return true;
  }

  /** The op of {@code type}, or null if it is not one of these. */
  static Op decode(String type, JsonObject o) {
    UnaryFunction fn = UnaryFunction.ofOnnx(type);
    if (fn != null) return new Op.Unary(fn, number(o, "alpha"), number(o, "beta"));
    Op.Reduce.Kind reduce = Op.Reduce.kindOf(type);
    if (reduce != null) return new Op.Reduce(reduce, ints(o, "axes"), bool(o, "keepDims"));
    return switch (type) {
      case "Pow" -> new Op.Pow();
      case "PRelu" -> new Op.PRelu();
      case "LRN" -> new Op.LRN(integer(o, "size"), number(o, "alpha"), number(o, "beta"), number(o, "bias"));
      case "InstanceNormalization" -> new Op.InstanceNormalization(number(o, "epsilon"));
      case "BatchNormalization" -> new Op.BatchNormalization(number(o, "epsilon"));
      case "Tile" -> new Op.Tile(ints(o, "repeats"));
      case "Expand" -> new Op.Expand(ints(o, "shape"));
      case "Pooling" -> new Op.Pooling(poolKind(str(o, "kind")), ints(o, "kernel"), ints(o, "strides"), ints(o, "pads"),
          ints(o, "dilations"), bool(o, "ceilMode"), bool(o, "countIncludePad"));
      case "Col2Im" -> new Op.Col2Im(ints(o, "image"), ints(o, "grid"), ints(o, "kernel"), ints(o, "strides"), ints(o, "pads"),
          ints(o, "dilations"));
      default -> null;
    };
  }

  static Op.Pad.Mode padMode(String name) {
    return enumValue(Op.Pad.Mode.class, name, "padding mode");
  }

  private static Op.Pooling.Kind poolKind(String name) {
    return enumValue(Op.Pooling.Kind.class, name, "pooling kind");
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String what) {
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      throw new JsonFields.FieldException("unknown " + what + " '" + name + "'");
    }
  }
}
