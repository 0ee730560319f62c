package insitu.compiler.ir;

import java.util.Arrays;
import java.util.Optional;

/**
 * The closed set of operations of the IR. Tensors are NCHW and row-major, as in ONNX. Attributes
 * are resolved at import (constant inputs such as Reshape's shape become attributes), so every op
 * here has only data inputs, except that Conv, Gemm and MatMul name their weight (and bias) as
 * graph initializers: those weights are what the mapper puts on crossbars.
 *
 * <p>An imported graph also holds the compile-time ops {@link Constant} and {@link Unresolved};
 * constant evaluation removes them, so a runtime graph never contains one.
 */
public sealed interface Op {

  /** The ONNX-style op type name, used in messages and dumps. */
  default String type() {
    return getClass().getSimpleName();
  }

  /**
   * What input {@code index} is when it must be a compile-time constant (a crossbar weight, a
   * bias, BatchNorm statistics), or empty for a data input.
   */
  default Optional<String> constantRole(int index) {
    return Optional.empty();
  }

  /** 2-D convolution, group 1. Inputs: x, W [Cout,Cin,kh,kw], optional bias [Cout]. pads = {top,left,bottom,right}. */
  record Conv(int[] kernel, int[] strides, int[] pads, int[] dilations) implements Op {
    public Conv {
      if (kernel.length != 2 || strides.length != 2 || pads.length != 4 || dilations.length != 2)
        throw new IllegalArgumentException("Conv is 2-D: kernel[2], strides[2], pads[4], dilations[2]");
    }
    @Override public Optional<String> constantRole(int index) {
      return weightOrBias(index);
    }
    @Override public String toString() {
      return "Conv(k=" + Arrays.toString(kernel) + ", s=" + Arrays.toString(strides) + ", p=" + Arrays.toString(pads) + ")";
    }
  }

  /** y = alpha·op(A)·op(B) + beta·C; B (and C) are initializers. */
  record Gemm(double alpha, double beta, boolean transA, boolean transB) implements Op {
    @Override public Optional<String> constantRole(int index) {
      return weightOrBias(index);
    }
  }

  /** y = x·W with W [in,out] an initializer; leading dims of x are batch-like. */
  record MatMul() implements Op {
    @Override public Optional<String> constantRole(int index) {
      return weightOrBias(index);
    }
  }

  private static Optional<String> weightOrBias(int index) {
    return index == 1 ? Optional.of("weight") : index == 2 ? Optional.of("bias") : Optional.empty();
  }

  record Add() implements Op {}
  record Sub() implements Op {}
  record Mul() implements Op {}
  record Div() implements Op {}
  record Relu() implements Op {}
  record LeakyRelu(double alpha) implements Op {}
  record Sigmoid() implements Op {}
  record Tanh() implements Op {}
  record Clip(double min, double max) implements Op {}
  record Identity() implements Op {}

  /**
   * Round, Floor, Ceil or Sign: piecewise constant, so their gradient is zero almost everywhere and
   * undefined at the steps. Inference runs them; training refuses a graph where one lies between
   * a weight and the loss.
   */
  record StepFunction(Kind kind) implements Op {
    /** The step functions. */
    public enum Kind { ROUND, FLOOR, CEIL, SIGN }

    @Override public String type() {
      return switch (kind) {
        case ROUND -> "Round";
        case FLOOR -> "Floor";
        case CEIL -> "Ceil";
        case SIGN -> "Sign";
      };
    }
  }

  /** Whether training can backpropagate through this op. */
  default boolean differentiable() {
    return !(this instanceof StepFunction);
  }
  record Softmax(int axis) implements Op {}
  record LogSoftmax(int axis) implements Op {}

  /** pads = {top,left,bottom,right}; padded cells never win. */
  record MaxPool(int[] kernel, int[] strides, int[] pads) implements Op {
    @Override public String toString() {
      return "MaxPool(k=" + Arrays.toString(kernel) + ", s=" + Arrays.toString(strides) + ", p=" + Arrays.toString(pads) + ")";
    }
  }

  record AveragePool(int[] kernel, int[] strides, int[] pads, boolean countIncludePad) implements Op {
    @Override public String toString() {
      return "AveragePool(k=" + Arrays.toString(kernel) + ", s=" + Arrays.toString(strides) + ", p=" + Arrays.toString(pads)
          + (countIncludePad ? ", count pads" : "") + ")";
    }
  }

  record GlobalAveragePool() implements Op {}

  record Flatten(int axis) implements Op {}

  /** Target shape with ONNX semantics (0 copies the input dim, -1 is inferred). */
  record Reshape(long[] shape) implements Op {
    @Override public String toString() {
      return "Reshape(" + Arrays.toString(shape) + ")";
    }
  }

  record Transpose(int[] perm) implements Op {
    @Override public String toString() {
      return "Transpose(" + Arrays.toString(perm) + ")";
    }
  }

  record Concat(int axis) implements Op {}

  record Split(int axis, int[] sizes) implements Op {
    @Override public String toString() {
      return "Split(axis=" + axis + ", " + Arrays.toString(sizes) + ")";
    }
  }

  record Slice(long[] starts, long[] ends, int[] axes, long[] steps) implements Op {
    @Override public String toString() {
      return "Slice(starts=" + Arrays.toString(starts) + ", ends=" + Arrays.toString(ends) + ", axes=" + Arrays.toString(axes)
          + ", steps=" + Arrays.toString(steps) + ")";
    }
  }

  record Squeeze(int[] axes) implements Op {
    @Override public String toString() {
      return "Squeeze(" + Arrays.toString(axes) + ")";
    }
  }

  record Unsqueeze(int[] axes) implements Op {
    @Override public String toString() {
      return "Unsqueeze(" + Arrays.toString(axes) + ")";
    }
  }

  /** Gather with constant indices along an axis; scalar index drops the axis. */
  record Gather(int axis, long[] indices, boolean scalarIndex) implements Op {
    @Override public String toString() {
      return "Gather(axis=" + axis + ", " + (scalarIndex ? Long.toString(indices[0]) : Arrays.toString(indices)) + ")";
    }
  }

  /**
   * Patch extraction (im2col) of an NCHW tensor: output [N, OH·OW, C·kh·kw], one row per output
   * position in row-major order, patch elements in (channel, ky, kx) order like Conv weights, so
   * Im2Col followed by MatMul is a convolution. It lets a graph build the input vector of a crossbar
   * from several patches (the ConvLSTM's x- and h-patches) before one shared MVM.
   * pads = {top,left,bottom,right}, zero padding.
   */
  record Im2Col(int[] kernel, int[] strides, int[] pads) implements Op {
    public Im2Col {
      if (kernel.length != 2 || strides.length != 2 || pads.length != 4)
        throw new IllegalArgumentException("Im2Col is 2-D: kernel[2], strides[2], pads[4]");
      kernel = kernel.clone();
      strides = strides.clone();
      pads = pads.clone();
    }
    @Override public String toString() {
      return "Im2Col(k=" + Arrays.toString(kernel) + ", s=" + Arrays.toString(strides) + ", p=" + Arrays.toString(pads) + ")";
    }
  }

  /** Padding; pads in ONNX order (all begins, then all ends). {@code value} fills in CONSTANT mode. */
  record Pad(long[] pads, double value, Mode mode) implements Op {
    /** ONNX's padding modes: a value, the mirror image without the edge, the edge repeated, the other side. */
    public enum Mode { CONSTANT, REFLECT, EDGE, WRAP }

    public Pad(long[] pads, double value) {
      this(pads, value, Mode.CONSTANT);
    }
    @Override public String toString() {
      return "Pad(" + Arrays.toString(pads) + (mode == Mode.CONSTANT ? ", value=" + value : ", " + mode) + ")";
    }
  }

  /**
   * Inference-mode batch normalization per channel (axis 1): y = scale·(x − mean)/√(var + ε) + bias.
   * Inputs: x, scale, bias, mean, var, all but x constants. The compiler folds it into the Conv or
   * Gemm before it ({@code FoldBatchNorm}); elsewhere it runs digitally with its running statistics
   * fixed and its scale and bias trainable.
   */
  record BatchNormalization(double epsilon) implements Op {
    @Override public Optional<String> constantRole(int index) {
      return index >= 1 && index <= 4 ? Optional.of(new String[] {"scale", "bias", "mean", "variance"}[index - 1]) : Optional.empty();
    }
    @Override public boolean trainable(int index) {
      return index == 1 || index == 2;
    }
  }

  /** Whether input {@code index} is a digital parameter that training updates (a slope, a normalization's scale or bias). */
  default boolean trainable(int index) {
    return false;
  }

  /** An elementwise function ({@link UnaryFunction}) with its ONNX attributes (Elu's alpha, Selu's alpha and gamma, ...). */
  record Unary(UnaryFunction fn, double alpha, double beta) implements Op {
    @Override public String type() {
      return fn.onnxName();
    }
  }

  /** x^y with NumPy broadcasting. */
  record Pow() implements Op {}

  /** x where x ≥ 0, else slope·x; the slope (broadcast to x) is a trainable digital parameter. */
  record PRelu() implements Op {
    @Override public Optional<String> constantRole(int index) {
      return index == 1 ? Optional.of("slope") : Optional.empty();
    }
    @Override public boolean trainable(int index) {
      return index == 1;
    }
  }

  /** Local response normalization across channels (axis 1), as ONNX defines it. */
  record LRN(int size, double alpha, double beta, double bias) implements Op {}

  /** Per sample and channel over the spatial axes: y = scale·(x − mean)/√(var + ε) + bias; scale and bias are trainable. */
  record InstanceNormalization(double epsilon) implements Op {
    @Override public Optional<String> constantRole(int index) {
      return index == 1 ? Optional.of("scale") : index == 2 ? Optional.of("bias") : Optional.empty();
    }
    @Override public boolean trainable(int index) {
      return index == 1 || index == 2;
    }
  }

  /** A reduction over the given axes (resolved, non-negative, sorted); keepDims keeps them as size 1. */
  record Reduce(Kind kind, int[] axes, boolean keepDims) implements Op {
    /** ONNX's reductions. */
    public enum Kind { SUM, MEAN, MAX, MIN, PROD, L1, L2, SUM_SQUARE, LOG_SUM, LOG_SUM_EXP }

    private static final String[] NAMES = {"ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
        "ReduceSumSquare", "ReduceLogSum", "ReduceLogSumExp"};

    public Reduce {
      axes = axes.clone();
    }
    @Override public String type() {
      return NAMES[kind.ordinal()];
    }
    /** The kind of the ONNX op {@code onnxName}, or null. */
    public static Kind kindOf(String onnxName) {
      int k = Arrays.asList(NAMES).indexOf(onnxName);
      return k < 0 ? null : Kind.values()[k];
    }
    @Override public String toString() {
      return type() + "(axes=" + Arrays.toString(axes) + (keepDims ? ", keepdims" : "") + ")";
    }
  }

  /** Repeats the input {@code repeats[i]} times along axis i. */
  record Tile(int[] repeats) implements Op {
    @Override public String toString() {
      return "Tile(" + Arrays.toString(repeats) + ")";
    }
  }

  /** Broadcasts the input to {@code shape} (NumPy rules, either side may be 1; the batch dim stays the input's). */
  record Expand(int[] shape) implements Op {
    @Override public String toString() {
      return "Expand(" + Arrays.toString(shape) + ")";
    }
  }

  /**
   * Max or average pooling over the spatial axes of an N-D input [N, C, d1, ...], for what the 2-D
   * ops do not cover (1-D and 3-D windows, dilation, ceil_mode). pads: all begins, then all ends.
   * ceil_mode follows PyTorch: a last window that would start in the end padding is dropped.
   */
  record Pooling(Kind kind, int[] kernel, int[] strides, int[] pads, int[] dilations, boolean ceilMode, boolean countIncludePad)
      implements Op {
    /** What a window computes. */
    public enum Kind { MAX, AVERAGE }

    public Pooling {
      int d = kernel.length;
      if (strides.length != d || pads.length != 2 * d || dilations.length != d)
        throw new IllegalArgumentException("Pooling: kernel, strides and dilations of one length, pads of twice that");
    }
    @Override public String toString() {
      return (kind == Kind.MAX ? "MaxPool" : "AveragePool") + "(k=" + Arrays.toString(kernel) + ", s=" + Arrays.toString(strides) + ", p="
          + Arrays.toString(pads) + ", d=" + Arrays.toString(dilations) + (ceilMode ? ", ceil" : "") + (countIncludePad ? ", count pads" : "") + ")";
    }
  }

  /**
   * The adjoint of {@link Im2Col}: patches [N, gh·gw, C·kh·kw] (one row per grid position, patch
   * elements in (channel, ky, kx) order) summed into an image [N, C, image[0], image[1]]; grid
   * position (py, px) puts element (ky, kx) at (py·sh − pads[0] + ky·dh, px·sw − pads[1] + kx·dw),
   * and what falls outside the image is dropped. Optional input 1: a bias per channel (trainable).
   * MatMul then Col2Im is a transposed convolution with the weight on the crossbar as ONNX stores it.
   */
  record Col2Im(int[] image, int[] grid, int[] kernel, int[] strides, int[] pads, int[] dilations) implements Op {
    public Col2Im {
      if (image.length != 2 || grid.length != 2 || kernel.length != 2 || strides.length != 2 || pads.length != 2 || dilations.length != 2)
        throw new IllegalArgumentException("Col2Im is 2-D: image, grid, kernel, strides, pads (top, left) and dilations of 2");
    }
    @Override public Optional<String> constantRole(int index) {
      return index == 1 ? Optional.of("bias") : Optional.empty();
    }
    @Override public boolean trainable(int index) {
      return index == 1;
    }
    @Override public String toString() {
      return "Col2Im(image=" + Arrays.toString(image) + ", grid=" + Arrays.toString(grid) + ", k=" + Arrays.toString(kernel) + ", s="
          + Arrays.toString(strides) + ", p=" + Arrays.toString(pads) + ", d=" + Arrays.toString(dilations) + ")";
    }
  }

  /** A compile-time constant: no inputs, one output holding {@code value}. Folded away by constant evaluation. */
  record Constant(Tensor value) implements Op {
    @Override public String toString() {
      return "Constant(" + value + ")";
    }
  }

  /**
   * An op whose IR form needs what only constant evaluation knows: inputs that must be constants
   * (a Reshape's target, a Slice's bounds, possibly computed from the input's shape), input shapes
   * (SAME padding) or values that follow the batch size. Its inputs are those of the source op
   * (an empty name is an absent optional input). Constant evaluation traces them and asks the
   * {@link Resolver} for the runtime op or the folded values, so a runtime graph never holds one.
   *
   * @param type the source op's type (e.g. the ONNX op), for messages and dumps
   */
  record Unresolved(String type, Resolver resolver) implements Op {
    @Override public String toString() {
      return type + "(unresolved)";
    }
  }
}
