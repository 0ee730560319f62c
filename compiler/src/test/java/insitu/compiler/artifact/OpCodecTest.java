package insitu.compiler.artifact;

import static org.junit.jupiter.api.Assertions.*;

import insitu.compiler.ir.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpCodecTest {
  /** One instance of every op record, with non-default attributes where it has any. */
  static final List<Op> EVERY_OP = List.of(
      new Op.Conv(new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0, 1, 1}, new int[] {1, 2}),
      new Op.Gemm(0.5, 2, false, true), new Op.MatMul(), new Op.Add(), new Op.Sub(), new Op.Mul(), new Op.Div(),
      new Op.Relu(), new Op.LeakyRelu(0.1), new Op.Sigmoid(), new Op.Tanh(), new Op.Clip(-1, 6), new Op.Identity(),
      new Op.Softmax(-1), new Op.LogSoftmax(1), new Op.MaxPool(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0, 1, 1}),
      new Op.AveragePool(new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1, 1, 1}, true), new Op.GlobalAveragePool(),
      new Op.Flatten(2), new Op.Reshape(new long[] {0, -1}), new Op.Transpose(new int[] {0, 2, 1}), new Op.Concat(1),
      new Op.Split(1, new int[] {5, 5, 10}), new Op.Slice(new long[] {1}, new long[] {7}, new int[] {2}, new long[] {2}),
      new Op.Squeeze(new int[] {1}), new Op.Unsqueeze(new int[] {0, 3}), new Op.Gather(1, new long[] {2}, true),
      new Op.Pad(new long[] {0, 0, 0, 1, 0, 0, 1, 1}, 0.5),
      new Op.StepFunction(Op.StepFunction.Kind.FLOOR),
      new Op.Im2Col(new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0, 1, 1}),
      new Op.Pad(new long[] {0, 0, 2, 1, 0, 0, 1, 2}, 0, Op.Pad.Mode.REFLECT),
      new Op.Unary(insitu.compiler.ir.UnaryFunction.SELU, 1.5, 1.25), new Op.Pow(), new Op.PRelu(), new Op.LRN(5, 1e-4, 0.75, 2),
      new Op.InstanceNormalization(1e-3), new Op.BatchNormalization(1e-3), new Op.Reduce(Op.Reduce.Kind.LOG_SUM_EXP, new int[] {1, 3}, false),
      new Op.Tile(new int[] {1, 2, 3}), new Op.Expand(new int[] {1, 4, 1}),
      new Op.Pooling(Op.Pooling.Kind.AVERAGE, new int[] {3}, new int[] {2}, new int[] {1, 0}, new int[] {2}, true, true),
      new Op.Col2Im(new int[] {7, 9}, new int[] {3, 4}, new int[] {2, 3}, new int[] {2, 2}, new int[] {1, 0}, new int[] {1, 2}));

  @Test
  void everyOpRecordRoundTrips() {
    for (Op op : EVERY_OP) {
      Op back = OpCodec.decode(OpCodec.encode(op));
      assertEquals(op.getClass(), back.getClass());
      assertEquals(OpCodec.encode(op).toString(), OpCodec.encode(back).toString(), op.type());
    }
  }

  /** Ops the compiler removes before a graph reaches an artifact (folded or resolved away). */
  static final List<Class<?>> COMPILE_TIME = List.of(Op.Constant.class, Op.Unresolved.class);

  @Test
  void theListCoversEveryPermittedOp() {
    // A new runtime op must get an artifact encoding and a line in EVERY_OP.
    assertEquals(Op.class.getPermittedSubclasses().length - COMPILE_TIME.size(), EVERY_OP.stream().map(Object::getClass).distinct().count());
  }

  @Test
  void compileTimeOpsHaveNoEncoding() {
    assertThrows(IllegalArgumentException.class, () -> OpCodec.encode(new Op.Constant(insitu.compiler.ir.Tensor.scalar(1, false))));
  }
}
