package insitu.compiler.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The nodes and initializers of the ONNX graph being written, and fresh names for the values the
 * export adds (a Reshape's target, an Im2Col's kernel) that collide with no name of the IR graph.
 */
final class OnnxGraphSink {
  private final List<ProtoMessage> nodes = new ArrayList<>();
  private final List<ProtoMessage> initializers = new ArrayList<>();
  private final Set<String> taken;

  /** @param taken every value and node name of the graph being exported */
  OnnxGraphSink(Set<String> taken) {
    this.taken = new HashSet<>(taken);
  }

  void node(String name, String opType, List<String> inputs, List<String> outputs, ProtoMessage... attributes) {
    nodes.add(OnnxProtos.node(name, opType, inputs, outputs, Arrays.asList(attributes)));
  }

  /** A 1-D int64 constant. */
  String int64s(String hint, long... values) {
    String name = fresh(hint);
    initializers.add(OnnxProtos.int64Tensor(name, new long[] {values.length}, values));
    return name;
  }

  /** A 0-D int64 constant (Gather's scalar index). */
  String int64Scalar(String hint, long value) {
    String name = fresh(hint);
    initializers.add(OnnxProtos.int64Tensor(name, new long[0], new long[] {value}));
    return name;
  }

  String floatScalar(String hint, double value) {
    return floatTensor(hint, new int[0], new double[] {value});
  }

  String floatTensor(String hint, int[] shape, double[] values) {
    String name = fresh(hint);
    initializer(name, shape, values);
    return name;
  }

  /** A graph initializer under its own name, as float32. */
  void initializer(String name, int[] shape, double[] values) {
    initializers.add(OnnxProtos.floatTensor(name, shape, values));
  }

  /** {@code hint}, or {@code hint_2}, {@code hint_3}… when the graph already uses it. */
  String fresh(String hint) {
    String name = hint;
    for (int k = 2; !taken.add(name); k++) name = hint + "_" + k;
    return name;
  }

  List<ProtoMessage> nodes() {
    return nodes;
  }

  List<ProtoMessage> initializers() {
    return initializers;
  }
}
