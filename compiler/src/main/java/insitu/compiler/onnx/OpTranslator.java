package insitu.compiler.onnx;

import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.Tensor;
import insitu.errors.BadInputException;
import java.util.List;

/**
 * Turns one ONNX node into IR. Ops whose attributes are all ONNX attributes become their IR op
 * directly; ops that take attributes as tensor inputs, need input shapes or expand into several
 * IR nodes become an {@link Op.Unresolved} node whose resolver (one rules class per op family:
 * {@link ShapeOpRules}, {@link WindowOpRules}, {@link ConvRules}, {@link RecurrentRules},
 * {@link ReduceRules}, {@link ElementwiseRules}) says, once constant evaluation has traced the
 * inputs, which runtime op or nodes it is. Nothing is folded here.
 */
final class OpTranslator {
  private final TranslationContext s;

  OpTranslator(TranslationContext context) {
    this.s = context;
  }

  /** An initializer becomes a Constant node producing it. */
  void initializer(OnnxTensor t) {
    s.add(new Node(s.unique(t.name()), new Op.Constant(tensor(null, t)), List.of(), List.of(t.name())));
  }

  void translate(OnnxNode n) {
    Op.Unary unary = ElementwiseRules.unary(n);
    if (unary != null) {
      op(n, unary, 1);
      return;
    }
    Op.Reduce.Kind reduce = Op.Reduce.kindOf(n.opType());
    if (reduce != null) {
      s.unresolved(n, ReduceRules.reduce(n, reduce));
      return;
    }
    switch (n.opType()) {
      case "Constant" -> constant(n);
      case "ConstantOfShape" -> s.unresolved(n, ShapeOpRules.constantOfShape(
          n.attribute("value").map(a -> tensor(n, a.t())).orElse(new Tensor(new int[] {1}, new double[] {0}))));
      case "Shape" -> s.unresolved(n, ShapeOpRules.shape(n));
      case "Cast" -> s.unresolved(n, ShapeOpRules.cast(n));
      case "Range" -> s.unresolved(n, ShapeOpRules.range());
      case "Reshape" -> s.unresolved(n, ShapeOpRules.reshape(n));
      case "Transpose" -> s.unresolved(n, ShapeOpRules.transpose(n));
      case "Split" -> split(n);
      case "Slice" -> s.unresolved(n, ShapeOpRules.slice(n));
      case "Squeeze" -> s.unresolved(n, ShapeOpRules.squeeze(n));
      case "Unsqueeze" -> s.unresolved(n, ShapeOpRules.unsqueeze(n));
      case "Gather" -> s.unresolved(n, ShapeOpRules.gather(n));
      case "Pad" -> s.unresolved(n, ShapeOpRules.pad(n));
      case "Tile" -> s.unresolved(n, ShapeOpRules.tile());
      case "Expand" -> s.unresolved(n, ShapeOpRules.expand());
      case "Clip" -> s.unresolved(n, ShapeOpRules.clip(n));
      case "Conv" -> s.unresolved(n, ConvRules.conv(n));
      case "ConvTranspose" -> s.unresolved(n, ConvRules.convTranspose(n));
      case "MaxPool", "AveragePool" -> pool(n);
      case "GlobalAveragePool", "GlobalMaxPool" -> s.unresolved(n, WindowOpRules.globalPool(n));
      case "Gemm" -> gemm(n);
      case "MatMul" -> s.unresolved(n, WindowOpRules.matMul());
      case "BatchNormalization" -> batchNorm(n);
      case "InstanceNormalization" -> op(n, new Op.InstanceNormalization(Attributes.f(n, "epsilon", 1e-5)), 3);
      case "LRN" -> lrn(n);
      case "LSTM", "GRU", "RNN" -> s.unresolvedOutputs(n, RecurrentRules.of(n), RecurrentRules.outputs(n));
      case "Identity" -> op(n, new Op.Identity(), 1);
      case "Dropout" -> s.unresolvedOutputs(n, ElementwiseRules.dropout(n), 2);
      case "Add" -> op(n, new Op.Add(), 2);
      case "Sub" -> op(n, new Op.Sub(), 2);
      case "Mul" -> op(n, new Op.Mul(), 2);
      case "Div" -> op(n, new Op.Div(), 2);
      case "Pow" -> op(n, new Op.Pow(), 2);
      case "Sum" -> s.unresolved(n, ElementwiseRules.sum(n, false));
      case "Mean" -> s.unresolved(n, ElementwiseRules.sum(n, true));
      case "Relu" -> op(n, new Op.Relu(), 1);
      case "LeakyRelu" -> op(n, new Op.LeakyRelu(Attributes.f(n, "alpha", 0.01)), 1);
      case "PRelu" -> op(n, new Op.PRelu(), 2);
      case "Sigmoid" -> op(n, new Op.Sigmoid(), 1);
      case "Tanh" -> op(n, new Op.Tanh(), 1);
      case "Round" -> op(n, new Op.StepFunction(Op.StepFunction.Kind.ROUND), 1);
      case "Floor" -> op(n, new Op.StepFunction(Op.StepFunction.Kind.FLOOR), 1);
      case "Ceil" -> op(n, new Op.StepFunction(Op.StepFunction.Kind.CEIL), 1);
      case "Sign" -> op(n, new Op.StepFunction(Op.StepFunction.Kind.SIGN), 1);
      case "Softmax" -> s.unresolved(n, ReduceRules.softmax(n, s.opset(), false));
      case "LogSoftmax" -> s.unresolved(n, ReduceRules.softmax(n, s.opset(), true));
      case "Flatten" -> op(n, new Op.Flatten((int) Attributes.i(n, "axis", 1)), 1);
      case "Concat" -> concat(n);
      default -> throw s.error(n, "no translation (this is a bug: the op passed the support check)");
    }
  }

  /** The op over the node's first {@code inputs} inputs, writing its first output. */
  private void op(OnnxNode n, Op op, int inputs) {
    if (n.inputs().size() < inputs || n.inputs().subList(0, inputs).contains(""))
      throw s.error(n, "needs " + inputs + " input" + (inputs == 1 ? "" : "s") + ", got " + n.inputs());
    s.emit(n, op, n.inputs().subList(0, inputs), List.of(n.outputs().get(0)));
  }

  private void constant(OnnxNode n) {
    Tensor c;
    if (n.attribute("value").isPresent()) c = tensor(n, n.attribute("value").get().t());
    else if (n.attribute("value_float").isPresent()) c = Tensor.scalar(Attributes.f(n, "value_float", 0), false);
    else if (n.attribute("value_floats").isPresent()) {
      float[] f = n.attribute("value_floats").get().floats();
      double[] d = new double[f.length];
      for (int k = 0; k < f.length; k++) d[k] = f[k];
      c = new Tensor(new int[] {f.length}, d);
    } else if (n.attribute("value_int").isPresent()) c = Tensor.scalar(Attributes.i(n, "value_int", 0), true);
    else if (n.attribute("value_ints").isPresent()) c = Tensor.ofLongs(Attributes.ints(n, "value_ints"));
    else throw s.error(n, "only tensor, float and int constants are supported (attributes: " + n.attributes().keySet() + ")");
    s.emit(n, new Op.Constant(c), List.of(), List.of(n.outputs().get(0)));
  }

  /** A stored tensor as an IR constant; names the node (or the file, for an initializer) if it cannot be decoded. */
  Tensor tensor(OnnxNode n, OnnxTensor t) {
    int[] shape = new int[t.dims().length];
    for (int k = 0; k < shape.length; k++) shape[k] = Math.toIntExact(t.dims()[k]);
    try {
      return t.toTensor(shape);
    } catch (BadInputException e) {
      throw n == null ? new BadInputException(s.source() + ": " + e.getMessage(), e) : s.error(n, e.getMessage());
    }
  }

  static boolean isInteger(OnnxDataType type) {
    return !(type == OnnxDataType.FLOAT || type == OnnxDataType.DOUBLE || type == OnnxDataType.FLOAT16 || type == OnnxDataType.BFLOAT16);
  }

  private void concat(OnnxNode n) {
    if (n.attribute("axis").isEmpty()) throw s.error(n, "has no axis attribute");
    List<String> ins = n.inputs().stream().filter(i -> !i.isEmpty()).toList();
    s.emit(n, new Op.Concat((int) Attributes.i(n, "axis", 0)), ins, List.of(n.outputs().get(0)));
  }

  private void split(OnnxNode n) {
    s.emit(n, new Op.Unresolved(n.opType(), ShapeOpRules.split(n)), n.inputs(), n.outputs());
  }

  private void pool(OnnxNode n) {
    if (n.outputs().size() > 1 && !n.outputs().get(1).isEmpty() && s.onnxUses(n.outputs().get(1)) > 0)
      throw s.error(n, "its Indices output is used; insitu computes only the pooled values");
    s.unresolved(n, WindowOpRules.pool(n));
  }

  private void lrn(OnnxNode n) {
    long size = Attributes.i(n, "size", 0);
    if (size < 1) throw s.error(n, "attribute size=" + size + " must be positive");
    op(n, new Op.LRN((int) size, Attributes.f(n, "alpha", 1e-4), Attributes.f(n, "beta", 0.75), Attributes.f(n, "bias", 1.0)), 1);
  }

  private void gemm(OnnxNode n) {
    if (Attributes.i(n, "transA", 0) != 0) throw s.error(n, "transA=1 is not supported; insitu needs Gemm(x, W)");
    if (n.inputs().size() < 2) throw s.error(n, "needs an input and a weight, got " + n.inputs());
    List<String> ins = n.inputs().size() > 2 && !n.inputs().get(2).isEmpty() ? n.inputs().subList(0, 3) : n.inputs().subList(0, 2);
    Op.Gemm op = new Op.Gemm(Attributes.f(n, "alpha", 1), Attributes.f(n, "beta", 1), false, Attributes.i(n, "transB", 0) != 0);
    s.emit(n, op, ins, List.of(n.outputs().get(0)));
  }

  /** Kept as an op of its own: the compiler folds it into the Conv or Gemm before it. */
  private void batchNorm(OnnxNode n) {
    if (Attributes.i(n, "training_mode", 0) != 0)
      throw s.error(n, "training_mode=1; export the model in eval mode (model.eval()) so BatchNormalization can be folded");
    if (n.outputs().stream().skip(1).anyMatch(o -> !o.isEmpty() && s.onnxUses(o) > 0))
      throw s.error(n, "its running statistics outputs are used; export in eval mode");
    if (n.inputs().size() < 5) throw s.error(n, "needs 5 inputs (x, scale, bias, mean, var), got " + n.inputs().size());
    s.emit(n, new Op.BatchNormalization(Attributes.f(n, "epsilon", 1e-5)), n.inputs().subList(0, 5), List.of(n.outputs().get(0)));
  }
}
