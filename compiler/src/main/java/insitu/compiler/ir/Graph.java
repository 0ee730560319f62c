package insitu.compiler.ir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A dataflow graph in topological order: one batched input, named initializers (constants and
 * weights), nodes, named outputs. Immutable.
 */
public record Graph(String name, List<ValueInfo> inputs, Map<String, Tensor> initializers, List<Node> nodes, List<String> outputs) {

  public Graph {
    inputs = List.copyOf(inputs);
    initializers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
    nodes = List.copyOf(nodes);
    outputs = List.copyOf(outputs);
  }

  public ValueInfo input() {
    return inputs.get(0);
  }

  /**
   * Names of the initializers that are crossbar weights: the weight operand of a Conv, Gemm or
   * MatMul. One crossbar block each, however many nodes use it (weights shared in space and time).
   */
  public Set<String> crossbarWeights() {
    Set<String> w = new LinkedHashSet<>();
    for (Node n : nodes)
      if (n.op() instanceof Op.Conv || n.op() instanceof Op.Gemm || n.op() instanceof Op.MatMul)
        if (n.inputs().size() > 1 && initializers.containsKey(n.input(1))) w.add(n.input(1));
    return w;
  }

  /** Weight matrix of a crossbar weight as (outputs × inputs): Conv flattens Cin·kh·kw. A copy of the values. */
  public WeightMatrix weightMatrix(String weight) {
    Layout l = layout(weight);
    if (!l.transposed()) {
      double[] v = new double[l.tensor().size()];
      l.tensor().read(0, v, 0, v.length);
      return new WeightMatrix(weight, l.outputs(), l.inputs(), v);
    }
    return WeightMatrix.transposeOf(weight, l.inputs(), l.outputs(), l.tensor());
  }

  /** A crossbar weight's matrix size as {outputs, inputs}, without copying its values (big models). */
  public int[] weightMatrixDims(String weight) {
    Layout l = layout(weight);
    return new int[] {l.outputs(), l.inputs()};
  }

  /** How a crossbar weight's tensor reads as (outputs × inputs): as stored, or transposed (stored inputs × outputs). */
  private record Layout(Tensor tensor, int outputs, int inputs, boolean transposed) {}

  private Layout layout(String weight) {
    for (Node n : nodes) {
      if (n.inputs().size() < 2 || !n.input(1).equals(weight)) continue;
      Tensor t = initializers.get(weight);
      if (n.op() instanceof Op.Conv) return new Layout(t, t.dim(0), t.size() / t.dim(0), false);
      if (n.op() instanceof Op.Gemm g) return g.transB() ? new Layout(t, t.dim(0), t.dim(1), false) : new Layout(t, t.dim(1), t.dim(0), true);
      if (n.op() instanceof Op.MatMul) return new Layout(t, t.dim(1), t.dim(0), true);
    }
    throw new IllegalArgumentException("'" + weight + "' is not the weight of a Conv, Gemm or MatMul");
  }

  /** Total number of values in crossbar weights. */
  public int crossbarWeightCount() {
    int n = 0;
    for (String w : crossbarWeights()) n += initializers.get(w).size();
    return n;
  }

  /** Human-readable dump, one node per line ({@link GraphPrinter}). */
  public String dump() {
    return GraphPrinter.print(this);
  }

  /** The same graph with other nodes, constants and inputs (outputs and name kept). */
  public Graph with(List<ValueInfo> newInputs, Map<String, Tensor> newInitializers, List<Node> newNodes) {
    return new Graph(name, newInputs, newInitializers, newNodes, outputs);
  }

  public Graph withInitializers(Map<String, Tensor> inits) {
    return new Graph(name, inputs, inits, nodes, outputs);
  }

  /** Nodes that use a given value as input. */
  public List<Node> consumers(String value) {
    List<Node> out = new ArrayList<>();
    for (Node n : nodes) if (n.inputs().contains(value)) out.add(n);
    return out;
  }

  public Map<String, Tensor> mutableInitializers() {
    return new LinkedHashMap<>(initializers);
  }
}
