package insitu.runtime.ops;

import insitu.compiler.ir.IndexMaps;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.PeripheryShapes;

/**
 * Kernels of the digital periphery's ops added for issue 16: elementwise functions, Pow, PRelu,
 * normalizations, reductions, Tile, Expand, padding modes, N-D pooling and Col2Im. Plain
 * single-threaded loops: they are small next to the crossbar work.
 */
final class PeripheryKernels {
  private PeripheryKernels() {}

  /** The node's kernel, or null when its op is not one of these. */
  static Kernel of(Node n, int[] in, int[] out) {
    Op op = n.op();
    String name = n.name();
    if (op instanceof Op.Unary u) return new ElementwiseKernel(name, u, in[0], out[0]);
    if (op instanceof Op.Pow) return new BroadcastKernel(name, BroadcastKernel.Fn.POW, in[0], in[1], out[0]);
    if (op instanceof Op.PRelu) return new PReluKernel(name, in[0], in[1], out[0]);
    if (op instanceof Op.Reduce r) return new ReduceKernel(name, r, in[0], out[0]);
    if (op instanceof Op.Pooling p) return new WindowKernels.Pooling(name, p, in[0], out[0]);
    if (op instanceof Op.Col2Im c) return new WindowKernels.Col2Im(name, c, in[0], in.length > 1 ? in[1] : -1, out[0]);
    if (op instanceof Op.Tile t)
      return new StructuralKernels.GatherKernel(name, in[0], out[0], s -> new StructuralKernels.IndexMap(PeripheryShapes.tile(s, t.repeats()),
          IndexMaps.tile(s, t.repeats())));
    if (op instanceof Op.Expand e)
      return new StructuralKernels.GatherKernel(name, in[0], out[0], s -> new StructuralKernels.IndexMap(PeripheryShapes.expand(s, e.shape()),
          IndexMaps.expand(s, e.shape())));
    if (op instanceof Op.Pad p && p.mode() != Op.Pad.Mode.CONSTANT)
      return new StructuralKernels.GatherKernel(name, in[0], out[0], s -> new StructuralKernels.IndexMap(insitu.compiler.ir.OpShapes.pad(s, p),
          IndexMaps.pad(s, p)));
    return NormalizationKernels.of(n, in, out);
  }
}
