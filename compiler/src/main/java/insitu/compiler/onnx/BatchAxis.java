package insitu.compiler.onnx;

import java.util.List;
import java.util.Map;

/**
 * insitu runs every model batch-first; an export whose batch is on another axis (a sequence-first
 * recurrent network: input [seq, batch, features]) gets a Transpose at each such input and
 * output. The batch axis is dim 0 whatever the file says, unless dim 0 is fixed and exactly one
 * other dim is symbolic with a name that says batch (PyTorch's {@code dynamic_axes={"input": {1:
 * "batch"}}}): a variable sequence length must not be taken for the batch.
 */
final class BatchAxis {
  private BatchAxis() {}

  static int of(OnnxValueInfo v) {
    List<OnnxValueInfo.Dim> dims = v.dims();
    if (dims.isEmpty() || !(dims.get(0) instanceof OnnxValueInfo.Fixed)) return 0;
    int found = -1;
    for (int d = 1; d < dims.size(); d++) {
      if (dims.get(d) instanceof OnnxValueInfo.Fixed) continue;
      if (found >= 0) return 0;
      found = d;
    }
    boolean named = found > 0 && dims.get(found) instanceof OnnxValueInfo.Symbolic s && s.name().toLowerCase(java.util.Locale.ROOT).contains("batch");
    return named ? found : 0;
  }

  /** The perm that takes a batch-first tensor to the file's layout (batch on axis k). */
  static int[] toFileLayout(int rank, int k) {
    int[] p = new int[rank];
    for (int i = 0; i < rank; i++) p[i] = i == k ? 0 : i < k ? i + 1 : i;
    return p;
  }

  /** The perm that takes a tensor in the file's layout (batch on axis k) to batch-first. */
  static int[] toBatchFirst(int rank, int k) {
    int[] p = new int[rank];
    p[0] = k;
    for (int i = 1; i < rank; i++) p[i] = i <= k ? i - 1 : i;
    return p;
  }

  /** The node reading and writing renamed values. */
  static OnnxNode renamed(OnnxNode n, Map<String, String> names) {
    if (n.inputs().stream().noneMatch(names::containsKey) && n.outputs().stream().noneMatch(names::containsKey)) return n;
    return new OnnxNode(n.name(), n.opType(), n.domain(), n.inputs().stream().map(i -> names.getOrDefault(i, i)).toList(),
        n.outputs().stream().map(o -> names.getOrDefault(o, o)).toList(), n.attributes());
  }
}
