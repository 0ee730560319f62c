package insitu.compiler.ir;

import java.util.Arrays;

/**
 * A graph as readable text, one line per input, constant, node and output: what a failing pass
 * or test prints. With shapes, every value shows its shape ("N" is the batch).
 *
 * <pre>
 * graph paper-cnn
 *   input  input [N, 1, 8, 8]
 *   const  conv1.weight [15, 1, 3, 3]
 *   conv1  Conv(k=[3, 3], s=[1, 1], p=[1, 1, 1, 1]) (input, conv1.weight) -> conv1_out [N, 15, 8, 8]
 *   output fc_out
 * </pre>
 */
public final class GraphPrinter {
  private GraphPrinter() {}

  public static String print(Graph g) {
    return print(g, ValueShapes.none());
  }

  public static String print(Graph g, ValueShapes shapes) {
    StringBuilder sb = new StringBuilder("graph ").append(g.name()).append('\n');
    for (ValueInfo v : g.inputs()) {
      String known = shapes.describe(v.name());
      sb.append("  input  ").append(v.name()).append(' ')
          .append(known.isEmpty() ? Arrays.toString(v.shape()).replace("-1", "N") : known).append('\n');
    }
    for (var e : g.initializers().entrySet())
      sb.append("  const  ").append(e.getKey()).append(' ').append(Arrays.toString(e.getValue().shape())).append('\n');
    for (Node n : g.nodes()) {
      sb.append("  ").append(n.name()).append("  ").append(describe(n.op())).append(" (").append(String.join(", ", n.inputs())).append(") ->");
      for (String o : n.outputs()) {
        sb.append(' ').append(o);
        String s = shapes.describe(o);
        if (!s.isEmpty()) sb.append(' ').append(s);
      }
      sb.append('\n');
    }
    sb.append("  output ").append(String.join(", ", g.outputs())).append('\n');
    return sb.toString();
  }

  /** An op with its attributes: "Relu", "Flatten(axis=1)", "Conv(k=[3, 3], ...)". */
  public static String describe(Op op) {
    String s = op.toString(), type = op.getClass().getSimpleName();
    if (s.equals(type + "[]")) return type;
    if (s.startsWith(type + "[") && s.endsWith("]")) return type + "(" + s.substring(type.length() + 1, s.length() - 1) + ")";
    return s;
  }
}
