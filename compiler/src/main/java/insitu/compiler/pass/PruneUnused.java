package insitu.compiler.pass;

import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.Tensor;
import insitu.compiler.ir.ValueInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps only what the outputs need: the nodes they depend on, in dependency order (ties keep the
 * given order), the constants those nodes read, and the inputs they read. Dead branches of an
 * export (a Shape read only by folded arithmetic, an unused second input) go.
 */
public final class PruneUnused implements Pass {

  @Override public CompileUnit run(CompileUnit unit) {
    Graph g = unit.graph();
    List<Node> live = live(g.nodes(), g.outputs());
    Set<String> read = new HashSet<>(g.outputs());
    for (Node n : live) read.addAll(n.inputs());
    Map<String, Tensor> inits = new LinkedHashMap<>();
    for (var e : g.initializers().entrySet()) if (read.contains(e.getKey())) inits.put(e.getKey(), e.getValue());
    List<ValueInfo> inputs = g.inputs().stream().filter(i -> read.contains(i.name())).toList();
    if (live.equals(g.nodes()) && inits.size() == g.initializers().size() && inputs.size() == g.inputs().size()) return unit;
    return unit.withGraph(g.with(inputs, inits, live));
  }

  /** The nodes the outputs depend on, topologically sorted (stable: ties keep the given order). */
  static List<Node> live(List<Node> nodes, List<String> outputs) {
    Map<String, Node> producer = new HashMap<>();
    for (Node n : nodes) for (String o : n.outputs()) producer.put(o, n);
    Set<Node> keep = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(outputs);
    while (!todo.isEmpty()) {
      Node n = producer.get(todo.pop());
      if (n != null && keep.add(n)) todo.addAll(n.inputs());
    }
    return topological(nodes.stream().filter(keep::contains).toList());
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
}
