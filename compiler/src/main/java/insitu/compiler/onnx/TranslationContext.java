package insitu.compiler.onnx;

import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.Resolver;
import insitu.errors.BadInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What translating one ONNX graph shares between nodes: the IR nodes so far, their names, and who reads what. */
final class TranslationContext {
  private final String source;
  private final Map<String, Integer> onnxUses = new HashMap<>();
  private final Map<String, List<String>> readers = new HashMap<>();
  private final Set<String> nodeNames = new HashSet<>();
  private final Map<OnnxNode, String> names = new IdentityHashMap<>();
  private final List<Node> nodes = new ArrayList<>();

  private final long opset;

  TranslationContext(String source, OnnxGraph onnx, long opset) {
    this.source = source;
    this.opset = opset;
    for (OnnxNode n : onnx.nodes())
      for (String i : n.inputs()) {
        onnxUses.merge(i, 1, Integer::sum);
        readers.computeIfAbsent(i, k -> new ArrayList<>()).add(n.opType());
      }
    for (OnnxValueInfo o : onnx.outputs()) onnxUses.merge(o.name(), 1, Integer::sum);
  }

  String source() {
    return source;
  }

  /** The model's version of the default operator set (what some ops' semantics depend on). */
  long opset() {
    return opset;
  }

  /** How many ONNX nodes (and graph outputs) read a value. */
  int onnxUses(String value) {
    return onnxUses.getOrDefault(value, 0);
  }

  /** Whether any node but Shape (which reads only the shape) reads a value. */
  boolean readByMoreThanShape(String value) {
    return readers.getOrDefault(value, List.of()).stream().anyMatch(op -> !op.equals("Shape"));
  }

  BadInputException error(OnnxNode n, String message) {
    return new BadInputException(source + ": node '" + n.label() + "' (" + n.opType() + "): " + message);
  }

  /**
   * Names the IR node of every ONNX node up front, in graph order: its own name, or op type and
   * first output when unnamed, made unique (ONNX allows empty and repeated node names).
   */
  void reserveNodeNames(List<OnnxNode> order) {
    for (OnnxNode n : order) names.put(n, unique(n.name().isEmpty() ? n.opType() + "_" + n.outputs().get(0) : n.name()));
  }

  String nodeName(OnnxNode n) {
    return names.get(n);
  }

  /** A node name not used so far, for nodes that have no ONNX node of their own (initializers). */
  String unique(String base) {
    String name = base;
    for (int k = 1; !nodeNames.add(name); k++) name = base + "_" + k;
    return name;
  }

  /** Adds the IR node of {@code n}: its op over some of its inputs, writing its outputs. */
  void emit(OnnxNode n, Op op, List<String> inputs, List<String> outputs) {
    // An IR op reads every input it is given; only a resolver knows which optional inputs may be absent.
    if (!(op instanceof Op.Unresolved) && inputs.contains(""))
      throw error(n, "input " + inputs.indexOf("") + " is missing (" + String.join(", ", n.inputs()) + ")");
    if (outputs.contains("")) throw error(n, "output " + outputs.indexOf("") + " has no name");
    nodes.add(new Node(nodeName(n), op, inputs, outputs));
  }

  /** Adds an unresolved node over all of {@code n}'s inputs (absent ones stay empty names) and its first output. */
  void unresolved(OnnxNode n, Resolver resolver) {
    emit(n, new Op.Unresolved(n.opType(), resolver), n.inputs(), List.of(n.outputs().get(0)));
  }

  /**
   * Adds an unresolved node over all of {@code n}'s inputs writing {@code count} outputs: the
   * declared ones, and for optional outputs left out (empty names, or fewer declared) names
   * nothing reads, which pruning drops.
   */
  void unresolvedOutputs(OnnxNode n, Resolver resolver, int count) {
    List<String> outs = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      String o = k < n.outputs().size() ? n.outputs().get(k) : "";
      outs.add(o.isEmpty() ? nodeName(n) + "/unused_output_" + k : o);
    }
    emit(n, new Op.Unresolved(n.opType(), resolver), n.inputs(), outs);
  }

  void add(Node node) {
    nodes.add(node);
  }

  List<Node> nodes() {
    return nodes;
  }
}
