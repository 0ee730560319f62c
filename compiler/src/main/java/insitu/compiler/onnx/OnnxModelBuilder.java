package insitu.compiler.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link OnnxModel} records in code, for tests and tools that need small models the
 * exporters never write (a Loop, two inputs, a hand-made shape subgraph). Not a general ONNX
 * writer: it makes records, not files.
 */
public final class OnnxModelBuilder {
  private final String name;
  private long opset = 13;
  private String domainOpset = "";
  private final List<OnnxNode> nodes = new ArrayList<>();
  private final List<OnnxTensor> initializers = new ArrayList<>();
  private final List<OnnxValueInfo> inputs = new ArrayList<>();
  private final List<OnnxValueInfo> outputs = new ArrayList<>();

  public OnnxModelBuilder(String graphName) {
    this.name = graphName;
  }

  public OnnxModelBuilder opset(long version) {
    this.opset = version;
    return this;
  }

  /** A graph input; a dim of -1 becomes the symbolic dim "batch". */
  public OnnxModelBuilder input(String value, OnnxDataType type, long... dims) {
    List<OnnxValueInfo.Dim> d = new ArrayList<>();
    for (long v : dims) d.add(v < 0 ? new OnnxValueInfo.Symbolic("batch") : new OnnxValueInfo.Fixed(v));
    inputs.add(new OnnxValueInfo(value, type.code(), d, true));
    return this;
  }

  public OnnxModelBuilder output(String value) {
    outputs.add(new OnnxValueInfo(value, OnnxDataType.FLOAT.code(), List.of(), false));
    return this;
  }

  public OnnxModelBuilder floats(String tensor, long[] dims, float... values) {
    initializers.add(OnnxTensor.ofFloats(tensor, dims, values));
    return this;
  }

  public OnnxModelBuilder longs(String tensor, long[] dims, long... values) {
    initializers.add(longTensor(tensor, dims, values));
    return this;
  }

  public static OnnxTensor longTensor(String tensor, long[] dims, long... values) {
    return new OnnxTensor(tensor, OnnxDataType.INT64.code(), dims, new byte[0], new float[0], new int[0], values, new double[0], false);
  }

  /** A node in the default domain; attributes from {@link #attr} helpers. */
  public OnnxModelBuilder node(String opType, String nodeName, List<String> in, List<String> out, OnnxAttribute... attrs) {
    return node("", opType, nodeName, in, out, attrs);
  }

  public OnnxModelBuilder node(String domain, String opType, String nodeName, List<String> in, List<String> out, OnnxAttribute... attrs) {
    Map<String, OnnxAttribute> a = new LinkedHashMap<>();
    for (OnnxAttribute at : attrs) a.put(at.name(), at);
    nodes.add(new OnnxNode(nodeName, opType, domain, in, out, a));
    return this;
  }

  public static OnnxAttribute attr(String attr, long value) {
    return new OnnxAttribute(attr, OnnxAttribute.Type.INT, 0, value, "", null, new float[0], new long[0], List.of(), null);
  }

  public static OnnxAttribute attr(String attr, float value) {
    return new OnnxAttribute(attr, OnnxAttribute.Type.FLOAT, value, 0, "", null, new float[0], new long[0], List.of(), null);
  }

  public static OnnxAttribute attr(String attr, String value) {
    return new OnnxAttribute(attr, OnnxAttribute.Type.STRING, 0, 0, value, null, new float[0], new long[0], List.of(), null);
  }

  public static OnnxAttribute attr(String attr, long[] values) {
    return new OnnxAttribute(attr, OnnxAttribute.Type.INTS, 0, 0, "", null, new float[0], values, List.of(), null);
  }

  public static OnnxAttribute attr(String attr, String[] values) {
    return new OnnxAttribute(attr, OnnxAttribute.Type.STRINGS, 0, 0, "", null, new float[0], new long[0], List.of(values), null);
  }

  public static OnnxAttribute attr(String attr, OnnxTensor value) {
    return new OnnxAttribute(attr, OnnxAttribute.Type.TENSOR, 0, 0, "", value, new float[0], new long[0], List.of(), null);
  }

  public static OnnxAttribute attr(String attr, OnnxGraph body) {
    return new OnnxAttribute(attr, OnnxAttribute.Type.GRAPH, 0, 0, "", null, new float[0], new long[0], List.of(), body);
  }

  public OnnxGraph graph() {
    return new OnnxGraph(name, nodes, initializers, inputs, outputs, List.of());
  }

  public OnnxModel build() {
    return new OnnxModel(8, Map.of(domainOpset, opset), "insitu-test", graph());
  }
}
