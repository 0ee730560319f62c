package insitu.compiler.onnx;

import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.ValueInfo;
import insitu.compiler.onnx.TracedValue.Const;
import insitu.compiler.onnx.TracedValue.Dynamic;
import insitu.errors.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * ONNX model → IR {@link Graph}. Checks the ops, sorts the nodes, traces the graph at two batch
 * sizes to fold every constant (shape subgraphs included, see {@link ImportState}), folds
 * BatchNormalization into its Conv/Gemm, and keeps only what the outputs need. Every problem is
 * one {@link BadInputException} line naming the file and, where there is one, the node.
 */
public final class OnnxImporter {
  private OnnxImporter() {}

  public static Graph load(Path file) {
    return importModel(OnnxReader.read(file), file.toString());
  }

  public static Graph importModel(OnnxModel model, String source) {
    SupportedOps.check(model, source);
    OnnxGraph g = model.graph();
    List<OnnxValueInfo> inputs = dataInputs(g);
    if (inputs.isEmpty()) throw new BadInputException(source + ": the graph has no input");
    ImportState state = new ImportState(source, g, inputs.get(0).name());
    OpTranslator translator = new OpTranslator(state);
    for (OnnxTensor t : g.initializers()) {
      Const c = translator.fromTensor(null, t);
      state.set(t.name(), c, c);
    }
    for (OnnxValueInfo in : inputs) traceInput(state, in, source);
    for (OnnxNode n : sorted(g, state, source)) {
      translator.translate(n);
    }

    List<String> outputs = new ArrayList<>();
    for (OnnxValueInfo o : g.outputs()) {
      if (!state.has(o.name())) throw new BadInputException(source + ": graph output '" + o.name() + "' is not computed by any node");
      if (state.value(0, o.name()) instanceof Const)
        throw new BadInputException(source + ": graph output '" + o.name() + "' is a constant that does not depend on the input");
      if (inputs.stream().anyMatch(i -> i.name().equals(o.name())))
        throw new BadInputException(source + ": graph output '" + o.name() + "' is the input itself");
      outputs.add(o.name());
    }
    List<Node> live = GraphPruner.live(state.nodes, outputs);
    ValueInfo input = usedInput(state, inputs, live, source);
    return new Graph(g.name().isEmpty() ? source : g.name(), List.of(input), GraphPruner.used(state.initializers, live), live, outputs);
  }

  /** Graph inputs that are not initializers (older exporters list weights as inputs too). */
  private static List<OnnxValueInfo> dataInputs(OnnxGraph g) {
    Set<String> inits = new HashSet<>();
    for (OnnxTensor t : g.initializers()) inits.add(t.name());
    return g.inputs().stream().filter(i -> !inits.contains(i.name())).toList();
  }

  /** An input is a float tensor [batch, fixed dims...]; the first dim is the batch whatever the file says. */
  private static void traceInput(ImportState state, OnnxValueInfo in, String source) {
    String what = source + ": input '" + in.name() + "'";
    if (!in.shapeKnown() || in.dims().isEmpty())
      throw new BadInputException(what + " has no shape; insitu needs [batch, fixed dims...]; export with a shaped example input");
    int[][] shapes = new int[2][in.dims().size()];
    for (int d = 1; d < in.dims().size(); d++) {
      if (!(in.dims().get(d) instanceof OnnxValueInfo.Fixed f) || f.size() <= 0)
        throw new BadInputException(what + " has a variable dim " + d + " (" + in.dims().get(d)
            + "); only the batch (first) dim may vary: export with fixed sizes (e.g. a fixed sequence length)");
      shapes[0][d] = shapes[1][d] = Math.toIntExact(f.size());
    }
    shapes[0][0] = ImportState.BATCHES[0];
    shapes[1][0] = ImportState.BATCHES[1];
    state.set(in.name(), new Dynamic(shapes[0]), new Dynamic(shapes[1]));
  }

  /** The one input the live graph reads, which must be a float tensor. */
  private static ValueInfo usedInput(ImportState state, List<OnnxValueInfo> inputs, List<Node> live, String source) {
    Set<String> read = new LinkedHashSet<>();
    for (Node n : live) read.addAll(n.inputs());
    List<OnnxValueInfo> used = inputs.stream().filter(i -> read.contains(i.name())).toList();
    if (used.isEmpty()) throw new BadInputException(source + ": the outputs do not depend on any graph input");
    if (used.size() > 1)
      throw new BadInputException(source + ": the model reads " + used.size() + " inputs ("
          + String.join(", ", used.stream().map(OnnxValueInfo::name).toList()) + "); insitu runs models with exactly one input");
    OnnxValueInfo in = used.get(0);
    OnnxDataType type = OnnxDataType.of(in.elemType());
    if (type != OnnxDataType.FLOAT && type != OnnxDataType.DOUBLE && type != OnnxDataType.FLOAT16)
      throw new BadInputException(source + ": input '" + in.name() + "' is " + OnnxDataType.describe(in.elemType())
          + "; insitu needs a float input (token ids and other integer inputs are not supported)");
    int[] shape = state.value(0, in.name()).shape();
    shape[0] = -1;
    return new ValueInfo(in.name(), shape);
  }

  /** The nodes in dependency order (files are usually sorted, but the format does not promise it). */
  private static List<OnnxNode> sorted(OnnxGraph g, ImportState state, String source) {
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

  /** Op type names the importer accepts, for documentation and error messages. */
  public static Set<String> supportedOps() {
    return java.util.Collections.unmodifiableSet(SupportedOps.OPS);
  }
}
