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

  /** Constant padding; pads in ONNX order (all begins, then all ends). */
  record Pad(long[] pads, double value) implements Op {
    @Override public String toString() {
      return "Pad(" + Arrays.toString(pads) + ", value=" + value + ")";
    }
  }

  /**
   * Inference-mode batch normalization per channel (axis 1): y = scale·(x − mean)/√(var + ε) + bias.
   * Inputs: x, scale, bias, mean, var, all but x constants. The compiler folds it into the Conv or
   * Gemm before it ({@code FoldBatchNorm}).
   */
  record BatchNormalization(double epsilon) implements Op {
    @Override public Optional<String> constantRole(int index) {
      return index >= 1 && index <= 4 ? Optional.of(new String[] {"scale", "bias", "mean", "variance"}[index - 1]) : Optional.empty();
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
