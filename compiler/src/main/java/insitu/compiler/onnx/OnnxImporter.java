package insitu.compiler.onnx;

import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.ValueInfo;
import insitu.errors.BadInputException;
import java.nio.file.Path;
import insitu.compiler.ir.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ONNX model → imported IR {@link Graph}: checks the ops and the graph's inputs and outputs, sorts
 * the nodes, and translates each node ({@link OpTranslator}). Every initializer becomes a
 * {@code Constant} node, and ops whose attributes ONNX passes as tensors (a Reshape's target, a
 * Slice's bounds) or that need input shapes become {@code Unresolved} nodes: constant evaluation
 * resolves and folds them (the compiler's pass pipeline). Every problem is one
 * {@link BadInputException} line naming the file and, where there is one, the node.
 */
public final class OnnxImporter {
  private OnnxImporter() {}

  /** Reads and translates an ONNX file. */
  public static Graph importGraph(Path file) {
    return importGraph(OnnxReader.read(file), file.toString());
  }

  /** Translates a model read before; {@code source} names it in messages. */
  public static Graph importGraph(OnnxModel model, String source) {
    SupportedOps.check(model, source);
    OnnxGraph g = model.graph();
    List<OnnxValueInfo> onnxInputs = dataInputs(g);
    if (onnxInputs.isEmpty()) throw new BadInputException(source + ": the graph has no input");
    TranslationContext context = new TranslationContext(source, g, model.defaultOpset());
    List<ValueInfo> inputs = new ArrayList<>();
    for (OnnxValueInfo in : onnxInputs) inputs.add(input(context, in));
    // Values in the file's layout where the batch is not first: the nodes read and write these names.
    Map<String, String> layout = new HashMap<>();
    for (OnnxValueInfo v : onnxInputs) if (BatchAxis.of(v) != 0) layout.put(v.name(), v.name() + "/file_layout");
    for (OnnxValueInfo v : g.outputs()) if (BatchAxis.of(v) != 0) layout.put(v.name(), v.name() + "/file_layout");
    List<OnnxNode> order = sorted(g, source).stream().map(n -> BatchAxis.renamed(n, layout)).toList();
    context.reserveNodeNames(order);
    OpTranslator translator = new OpTranslator(context);
    for (OnnxValueInfo v : onnxInputs)
      if (layout.containsKey(v.name()))
        context.add(new Node(context.unique(v.name() + "/to_file_layout"), new Op.Transpose(BatchAxis.toFileLayout(v.dims().size(), BatchAxis.of(v))),
            List.of(v.name()), List.of(layout.get(v.name()))));
    for (OnnxTensor t : g.initializers()) translator.initializer(t);
    for (OnnxNode n : order) translator.translate(n);
    for (OnnxValueInfo v : g.outputs())
      if (layout.containsKey(v.name()) && !onnxInputs.contains(v))
        context.add(new Node(context.unique(v.name() + "/batch_first"), new Op.Transpose(BatchAxis.toBatchFirst(v.dims().size(), BatchAxis.of(v))),
            List.of(layout.get(v.name())), List.of(v.name())));
    List<String> outputs = outputs(g, inputs, context, source);
    return new Graph(g.name().isEmpty() ? source : g.name(), inputs, new LinkedHashMap<>(), context.nodes(), outputs);
  }

  /** Op type names the importer accepts, for documentation and error messages. */
  public static Set<String> supportedOps() {
    return java.util.Collections.unmodifiableSet(SupportedOps.OPS);
  }

  /** Graph inputs that are not initializers (older exporters list weights as inputs too). */
  private static List<OnnxValueInfo> dataInputs(OnnxGraph g) {
    Set<String> inits = new HashSet<>();
    for (OnnxTensor t : g.initializers()) inits.add(t.name());
    return g.inputs().stream().filter(i -> !inits.contains(i.name())).toList();
  }

  /**
   * An input is a float tensor [batch, fixed dims...], its batch first ({@link BatchAxis} says
   * where the file has it). An integer input is accepted only where nothing but Shape reads it (its values
   * would never be known).
   */
  private static ValueInfo input(TranslationContext context, OnnxValueInfo in) {
    String what = context.source() + ": input '" + in.name() + "'";
    if (!in.shapeKnown() || in.dims().isEmpty())
      throw new BadInputException(what + " has no shape; insitu needs [batch, fixed dims...]; export with a shaped example input");
    int[] shape = new int[in.dims().size()];
    shape[0] = -1;
    int batch = BatchAxis.of(in);
    for (int d = 0, j = 1; d < shape.length; d++) {
      if (d == batch) continue;
      if (!(in.dims().get(d) instanceof OnnxValueInfo.Fixed f) || f.size() <= 0)
        throw new BadInputException(what + " has a variable dim " + d + " (" + in.dims().get(d)
            + "); only the batch dim may vary: export with fixed sizes (e.g. a fixed sequence length)");
      shape[j++] = Math.toIntExact(f.size());
    }
    OnnxDataType type = OnnxDataType.of(in.elemType());
    boolean floating = type == OnnxDataType.FLOAT || type == OnnxDataType.DOUBLE || type == OnnxDataType.FLOAT16;
    if (!floating && context.readByMoreThanShape(in.name()))
      throw new BadInputException(what + " is " + OnnxDataType.describe(in.elemType())
          + "; insitu needs a float input (token ids and other integer inputs are not supported)");
    return new ValueInfo(in.name(), shape);
  }

  private static List<String> outputs(OnnxGraph g, List<ValueInfo> inputs, TranslationContext context, String source) {
    Set<String> defined = new HashSet<>();
    for (Node n : context.nodes()) defined.addAll(n.outputs());
    List<String> outputs = new ArrayList<>();
    for (OnnxValueInfo o : g.outputs()) {
      if (inputs.stream().anyMatch(i -> i.name().equals(o.name())))
        throw new BadInputException(source + ": graph output '" + o.name() + "' is the input itself");
      if (!defined.contains(o.name()))
        throw new BadInputException(source + ": graph output '" + o.name() + "' is not computed by any node");
      outputs.add(o.name());
    }
    return outputs;
  }

  /** The nodes in dependency order (files are usually sorted, but the format does not promise it). */
  private static List<OnnxNode> sorted(OnnxGraph g, String source) {
    Set<String> available = new HashSet<>();
    for (OnnxValueInfo i : g.inputs()) available.add(i.name());
    for (OnnxTensor t : g.initializers()) available.add(t.name());
    available.add("");
    Set<String> produced = new HashSet<>();
    for (OnnxNode n : g.nodes()) produced.addAll(n.outputs());
    List<OnnxNode> order = new ArrayList<>(), pending = new ArrayList<>(g.nodes());
    while (!pending.isEmpty()) {
      List<OnnxNode> next = new ArrayList<>();
      for (OnnxNode n : pending) {
        if (available.containsAll(n.inputs())) {
          order.add(n);
          available.addAll(n.outputs());
        } else {
          next.add(n);
        }
      }
      if (next.size() == pending.size()) {
        OnnxNode n = next.get(0);
        String missing = n.inputs().stream().filter(i -> !available.contains(i)).findFirst().orElse("?");
        throw new BadInputException(source + ": node '" + n.label() + "' (" + n.opType() + ") reads '" + missing + "', which "
            + (produced.contains(missing) ? "is part of a cycle" : "no node, input or initializer provides"));
      }
      pending = next;
    }
    return order;
  }
}
