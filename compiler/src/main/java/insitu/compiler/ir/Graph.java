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

  /** Weight matrix of a crossbar weight as (outputs × inputs): Conv flattens Cin·kh·kw. */
  public WeightMatrix weightMatrix(String weight) {
    for (Node n : nodes) {
      if (n.inputs().size() < 2 || !n.input(1).equals(weight)) continue;
      Tensor t = initializers.get(weight);
      if (n.op() instanceof Op.Conv) {
        int out = t.dim(0), in = t.size() / out;
        return new WeightMatrix(weight, out, in, t.data().clone());
      }
      if (n.op() instanceof Op.Gemm g) {
        int r = t.dim(0), c = t.dim(1);
        return g.transB() ? new WeightMatrix(weight, r, c, t.data().clone()) : WeightMatrix.transposeOf(weight, r, c, t.data());
      }
      if (n.op() instanceof Op.MatMul) {
        return WeightMatrix.transposeOf(weight, t.dim(0), t.dim(1), t.data());
      }
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
