package insitu.compiler.ir;

import java.util.List;

/** One operation of the graph: reads named values, writes named values. */
public record Node(String name, Op op, List<String> inputs, List<String> outputs) {
  public Node {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  public String input(int i) {
    return inputs.get(i);
  }

  public String output(int i) {
    return outputs.get(i);
  }

  @Override public String toString() {
    return name + " = " + op.type() + "(" + String.join(", ", inputs) + ") -> " + String.join(", ", outputs);
  }
}
