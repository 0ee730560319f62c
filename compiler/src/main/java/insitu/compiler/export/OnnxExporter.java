package insitu.compiler.export;

import insitu.io.AtomicFiles;
import com.google.protobuf.CodedOutputStream;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.Tensor;
import insitu.compiler.ir.ValueShapes;
import insitu.compiler.pass.CompileUnit;
import insitu.compiler.pass.InferShapes;
import insitu.errors.BadInputException;
import insitu.errors.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes a runtime graph as a standard ONNX model: IR version 8 (9 or 10 for the opsets that need
 * it), the default domain at the requested opset (17 unless asked), every initializer as float32,
 * the input under its own name with a symbolic batch dimension, and the given metadata_props. The
 * graph is what insitu runs, so ONNX Runtime computes what the board computes, up to float32.
 *
 * <pre>{@code
 * OnnxExporter.write(ArtifactReader.read(xbar).graph(), OnnxExporter.Options.defaults(), Path.of("model.onnx"));
 * }</pre>
 */
public final class OnnxExporter {
  public static final int DEFAULT_OPSET = 17;
  /** Opset 13 moved Split, Squeeze and Unsqueeze's parameters to inputs, which the exporter writes. */
  public static final int MIN_OPSET = 13;
  /** No op the exporter writes changed meaning up to here. */
  public static final int MAX_OPSET = 21;

  /**
   * @param opset version of the default ONNX domain, {@link #MIN_OPSET}..{@link #MAX_OPSET}
   * @param metadata metadata_props, in order
   * @param docString the model's doc_string ("" for none)
   */
  public record Options(int opset, Map<String, String> metadata, String docString) {
    public Options {
      if (opset < MIN_OPSET || opset > MAX_OPSET)
        throw new UsageException("cannot export at opset " + opset + "; the exporter writes opsets " + MIN_OPSET + " to " + MAX_OPSET);
      metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public static Options defaults() {
      return new Options(DEFAULT_OPSET, Map.of(), "");
    }

    public Options withMetadata(Map<String, String> m) {
      return new Options(opset, m, docString);
    }
  }

  private OnnxExporter() {}

  /** The ops of the IR the exporter writes; any other is refused, naming it. */
  public static java.util.List<String> coveredOps() {
    return OpExport.COVERED;
  }

  /** The ONNX file's bytes. */
  public static byte[] toBytes(Graph graph, Options options) {
    ProtoMessage model = model(graph, options);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(model.size());
    try {
      stream(model, bytes);
    } catch (IOException e) {
      throw new IllegalStateException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  /** Writes the ONNX file atomically: a failed export leaves {@code out} as it was. */
  public static void write(Graph graph, Options options, Path out) {
    ProtoMessage model = model(graph, options);
    AtomicFiles.write(out, "the ONNX file", os -> stream(model, os));
  }

  private static void stream(ProtoMessage model, OutputStream os) throws IOException {
    CodedOutputStream out = CodedOutputStream.newInstance(os, 1 << 16);
    model.writeTo(out);
    out.flush();
  }

  private static ProtoMessage model(Graph graph, Options options) {
    ProtoMessage m = new ProtoMessage()
        .int64(OnnxProtos.Model.IR_VERSION, irVersion(options.opset()))
        .string(OnnxProtos.Model.PRODUCER_NAME, "insitu")
        .string(OnnxProtos.Model.PRODUCER_VERSION, "0.1.0");
    if (!options.docString().isEmpty()) m.string(OnnxProtos.Model.DOC_STRING, options.docString());
    m.message(OnnxProtos.Model.GRAPH, graph(graph)).message(OnnxProtos.Model.OPSET_IMPORT, OnnxProtos.opset(options.opset()));
    options.metadata().forEach((k, v) -> m.message(OnnxProtos.Model.METADATA_PROPS, OnnxProtos.entry(k, v)));
    try {
      m.size();
    } catch (IllegalArgumentException e) {
      throw new BadInputException("cannot export '" + graph.name() + "' to ONNX: " + e.getMessage());
    }
    return m;
  }

  /** The IR version ONNX pairs with an opset (onnx's VERSION_TABLE): 8 up to opset 18, 9 for 19–20, 10 for 21. */
  static int irVersion(int opset) {
    return opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
  }

  private static ProtoMessage graph(Graph g) {
    ValueShapes shapes = shapes(g);
    Set<String> taken = new HashSet<>(OpExport.names(g.nodes()));
    taken.addAll(g.initializers().keySet());
    taken.add(g.input().name());
    OnnxGraphSink sink = new OnnxGraphSink(taken);
    OpExport ops = new OpExport(sink, shapes);
    for (Node n : g.nodes()) ops.export(n);
    ProtoMessage graph = new ProtoMessage();
    for (ProtoMessage n : sink.nodes()) graph.message(OnnxProtos.Graph.NODE, n);
    graph.string(OnnxProtos.Graph.NAME, g.name());
    for (Map.Entry<String, Tensor> e : g.initializers().entrySet())
      graph.message(OnnxProtos.Graph.INITIALIZER, OnnxProtos.floatTensor(e.getKey(), e.getValue().shape(), e.getValue().data()));
    for (ProtoMessage t : sink.initializers()) graph.message(OnnxProtos.Graph.INITIALIZER, t);
    graph.message(OnnxProtos.Graph.INPUT, OnnxProtos.valueInfo(g.input().name(), g.input().shape()));
    for (String o : g.outputs()) graph.message(OnnxProtos.Graph.OUTPUT, OnnxProtos.valueInfo(o, shapes.of(o).orElseThrow()));
    return graph;
  }

  /** Every value's shape (batch as -1), initializers included. */
  private static ValueShapes shapes(Graph g) {
    Map<String, int[]> all = new LinkedHashMap<>(new InferShapes().run(CompileUnit.lowered(g.name(), g)).shapes().byValue());
    g.initializers().forEach((k, v) -> all.put(k, v.shape()));
    return new ValueShapes(all);
  }
}
