package insitu.compiler.artifact;

import static insitu.compiler.artifact.JsonFields.arr;
import static insitu.compiler.artifact.JsonFields.element;
import static insitu.compiler.artifact.JsonFields.ints;
import static insitu.compiler.artifact.JsonFields.obj;
import static insitu.compiler.artifact.JsonFields.of;
import static insitu.compiler.artifact.JsonFields.str;
import static insitu.compiler.artifact.JsonFields.strings;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.Tensor;
import insitu.compiler.ir.ValueInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph's structure as JSON. Initializer values are not in the JSON: each initializer names
 * the zip entry holding its float64 values, so the manifest stays small and readable.
 */
final class GraphCodec {
  private GraphCodec() {}

  /** Zip entry of the i-th initializer. */
  static String tensorEntry(int i) {
    return "tensors/" + i + ".bin";
  }

  static JsonObject encode(Graph g) {
    JsonObject o = new JsonObject();
    o.addProperty("name", g.name());
    JsonArray inputs = new JsonArray();
    for (ValueInfo v : g.inputs()) inputs.add(valueInfo(v));
    o.add("inputs", inputs);
    JsonArray inits = new JsonArray();
    int i = 0;
    for (Map.Entry<String, Tensor> e : g.initializers().entrySet()) {
      JsonObject t = new JsonObject();
      t.addProperty("name", e.getKey());
      t.add("shape", of(e.getValue().shape()));
      t.addProperty("dtype", "float64-le");
      t.addProperty("entry", tensorEntry(i++));
      inits.add(t);
    }
    o.add("initializers", inits);
    JsonArray nodes = new JsonArray();
    for (Node n : g.nodes()) {
      JsonObject j = new JsonObject();
      j.addProperty("name", n.name());
      j.add("op", OpCodec.encode(n.op()));
      j.add("inputs", of(n.inputs()));
      j.add("outputs", of(n.outputs()));
      nodes.add(j);
    }
    o.add("nodes", nodes);
    o.add("outputs", of(g.outputs()));
    return o;
  }

  private static JsonObject valueInfo(ValueInfo v) {
    JsonObject j = new JsonObject();
    j.addProperty("name", v.name());
    j.add("shape", of(v.shape()));
    return j;
  }

  /** Where one initializer's values are stored. */
  record InitializerRef(String name, int[] shape, String entry) {}

  /** Reads the initializer list (names, shapes, entries), checking the dtype. */
  static List<InitializerRef> initializers(JsonObject o) {
    JsonArray a = arr(o, "initializers");
    List<InitializerRef> refs = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      JsonObject t = element(a, i, "initializers");
      String dtype = str(t, "dtype");
      if (!dtype.equals("float64-le")) throw new JsonFields.FieldException("initializer '" + str(t, "name") + "' has unsupported dtype " + dtype);
      int[] shape = ints(t, "shape");
      for (int d : shape) if (d < 0) throw new JsonFields.FieldException("initializer '" + str(t, "name") + "' has a negative dimension");
      refs.add(new InitializerRef(str(t, "name"), shape, str(t, "entry")));
    }
    return refs;
  }

  /** Rebuilds the graph given the initializer values, in manifest order. */
  static Graph decode(JsonObject o, Map<String, Tensor> initializers) {
    JsonArray in = arr(o, "inputs");
    List<ValueInfo> inputs = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      JsonObject v = element(in, i, "inputs");
      inputs.add(new ValueInfo(str(v, "name"), ints(v, "shape")));
    }
    if (inputs.isEmpty()) throw new JsonFields.FieldException("graph has no inputs");
    JsonArray ns = arr(o, "nodes");
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < ns.size(); i++) {
      JsonObject n = element(ns, i, "nodes");
      nodes.add(new Node(str(n, "name"), OpCodec.decode(obj(n, "op")), strings(n, "inputs"), strings(n, "outputs")));
    }
    return new Graph(str(o, "name"), inputs, new LinkedHashMap<>(initializers), nodes, strings(o, "outputs"));
  }
}
