package insitu.compiler.onnx;

import insitu.compiler.ir.Node;
import insitu.compiler.ir.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Keeps only what the outputs need, in topological order. */
final class GraphPruner {
  private GraphPruner() {}

  /** The nodes the outputs depend on, topologically sorted (stable: ties keep the given order). */
  static List<Node> live(List<Node> nodes, Collection<String> outputs) {
    Map<String, Node> producer = new HashMap<>();
    for (Node n : nodes) for (String o : n.outputs()) producer.put(o, n);
    Set<Node> keep = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(outputs);
    while (!todo.isEmpty()) {
      Node n = producer.get(todo.pop());
      if (n != null && keep.add(n)) todo.addAll(n.inputs());
    }
    List<Node> live = nodes.stream().filter(keep::contains).toList();
    return topological(live);
  }

  /** Kahn's algorithm over the given nodes; values nothing here produces count as available. */
  static List<Node> topological(List<Node> nodes) {
    Map<String, Node> producer = new HashMap<>();
    for (Node n : nodes) for (String o : n.outputs()) producer.put(o, n);
    List<Node> order = new ArrayList<>();
    Set<Node> done = new HashSet<>();
    boolean progress = true;
    while (order.size() < nodes.size() && progress) {
      progress = false;
      for (Node n : nodes) {
        if (done.contains(n)) continue;
        boolean ready = n.inputs().stream().allMatch(i -> i.isEmpty() || !producer.containsKey(i) || done.contains(producer.get(i)));
        if (ready) {
          order.add(n);
          done.add(n);
          progress = true;
        }
      }
    }
    if (order.size() < nodes.size()) throw new IllegalStateException("the graph has a cycle");
    return order;
  }

  /** The initializers that the nodes read. */
  static Map<String, Tensor> used(Map<String, Tensor> inits, List<Node> nodes) {
    Set<String> read = new HashSet<>();
    for (Node n : nodes) read.addAll(n.inputs());
    Map<String, Tensor> r = new LinkedHashMap<>();
    for (var e : inits.entrySet()) if (read.contains(e.getKey())) r.put(e.getKey(), e.getValue());
    return r;
  }
}
