package insitu.compiler.builder;

import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.Tensor;
import insitu.compiler.ir.ValueInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Low-level builder for graphs that are not a simple chain (recurrent cells unrolled in time, ops
 * with several inputs or outputs). Values are named automatically; each call returns the name of
 * what it produced. No shape tracking: the runtime checks shapes when it runs.
 */
public final class GraphBuilder {
  private final String inputName;
  private final int[] inputShape;
  private final Map<String, Tensor> initializers = new LinkedHashMap<>();
  private final List<Node> nodes = new ArrayList<>();
  private final List<String> outputs = new ArrayList<>();
  private int counter;

  /** @param sampleShape the input shape without the batch dimension */
  public GraphBuilder(String inputName, int... sampleShape) {
    this.inputName = inputName;
    this.inputShape = sampleShape.clone();
  }

  public String input() {
    return inputName;
  }

  /** Registers a named constant or weight. */
  public String initializer(String name, Tensor t) {
    if (initializers.putIfAbsent(name, t) != null) throw new IllegalArgumentException("initializer '" + name + "' defined twice");
    return name;
  }

  /** Adds a node with one output; returns the output's name. */
  public String op(String name, Op op, String... inputs) {
    return op(name, op, 1, inputs)[0];
  }

  /** Adds a node with {@code outputCount} outputs; returns their names. */
  public String[] op(String name, Op op, int outputCount, String... inputs) {
    String node = name + "_" + (counter++);
    String[] outs = new String[outputCount];
    for (int i = 0; i < outputCount; i++) outs[i] = outputCount == 1 ? node + "_out" : node + "_out" + i;
    nodes.add(new Node(node, op, List.of(inputs), List.of(outs)));
    return outs;
  }

  /** Marks a value as a graph output (in call order). */
  public GraphBuilder output(String value) {
    outputs.add(value);
    return this;
  }

  public Graph build(String name) {
    int[] in = new int[inputShape.length + 1];
    in[0] = -1;
    System.arraycopy(inputShape, 0, in, 1, inputShape.length);
    return new Graph(name, List.of(new ValueInfo(inputName, in)), initializers, nodes, outputs);
  }
}
