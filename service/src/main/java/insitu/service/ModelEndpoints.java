package insitu.service;

import insitu.sdk.DeployedModel;
import insitu.report.ReportMap;
import insitu.sdk.LearnReport;
import insitu.service.protocol.Datatype;
import insitu.service.protocol.InferenceRequest;
import insitu.service.protocol.ProtocolException;
import insitu.service.protocol.RequestTensor;
import insitu.service.protocol.ResponseTensor;
import insitu.service.protocol.ResponseWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The model's side of the protocol: its metadata, and inference and learn requests checked
 * against its input and outputs before they reach the board's queue.
 */
final class ModelEndpoints {
  /** The only version this service serves: the model learns in place rather than in versions. */
  static final String VERSION = "1";
  static final String PLATFORM = "insitu_crossbar";

  /** What requests are checked against, taken from the served model; replaced with it. */
  private record Signature(String inputName, int[] sampleShape, int sampleSize, List<String> outputNames, List<int[]> outputShapes,
                           int classes, byte[] metadata) {}

  private final String name;
  private final ModelWorker worker;
  private volatile Signature signature; // null while no model is served

  /** @param model the served model, or null while there is none (metadata, inference and learning answer 503) */
  ModelEndpoints(String name, DeployedModel model, ModelWorker worker) {
    this.name = name;
    this.worker = worker;
    update(model);
  }

  /** Takes the signature of a (new) served model, or none. */
  void update(DeployedModel model) {
    if (model == null) {
      signature = null;
      return;
    }
    int[] sample = model.model().inputShape();
    List<String> outs = model.model().outputNames();
    List<int[]> shapes = model.outputShapes();
    byte[] metadata = ResponseWriter.object(metadataObject(name, model.model().inputName(), sample, outs, shapes));
    signature = new Signature(model.model().inputName(), sample, Arrays.stream(sample).reduce(1, (a, b) -> a * b), outs, shapes,
        model.classes(), metadata);
  }

  String name() {
    return name;
  }

  /** Checks the name and version of a model path: 404 for another model or version. */
  void check(Route route) {
    if (!route.model().equals(name))
      throw new ProtocolException(404, "unknown model '" + route.model() + "'; this service serves '" + name + "'");
    if (route.version() != null && !route.version().equals(VERSION))
      throw new ProtocolException(404, "model '" + name + "' has no version '" + route.version() + "' (it has version " + VERSION + ")");
  }

  byte[] metadata() {
    return served().metadata();
  }

  private Signature served() {
    Signature sig = signature;
    if (sig == null) throw ModelWorker.NO_MODEL.get();
    return sig;
  }

  private static Map<String, Object> metadataObject(String name, String inputName, int[] sampleShape, List<String> outputNames,
                                                    List<int[]> outputShapes) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("versions", List.of(VERSION));
    m.put("platform", PLATFORM);
    m.put("inputs", List.of(tensor(inputName, sampleShape)));
    List<Object> outs = new ArrayList<>();
    for (int k = 0; k < outputNames.size(); k++) outs.add(tensor(outputNames.get(k), outputShapes.get(k)));
    m.put("outputs", outs);
    return m;
  }

  private static Map<String, Object> tensor(String name, int[] sample) {
    long[] shape = new long[sample.length + 1];
    shape[0] = -1;
    for (int i = 0; i < sample.length; i++) shape[i + 1] = sample[i];
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("name", name);
    t.put("datatype", Datatype.FP32.name());
    t.put("shape", shape);
    return t;
  }

  byte[] infer(InferenceRequest q) {
    Signature sig = served();
    List<String> outputNames = sig.outputNames();
    RequestTensor in = input(q, sig);
    int n = (int) in.shape()[0];
    List<Integer> wanted = new ArrayList<>();
    for (String o : q.outputs()) {
      int k = outputNames.indexOf(o);
      if (k < 0) throw ProtocolException.badRequest("unknown output '" + o + "'; model '" + name + "' has " + outputNames);
      wanted.add(k);
    }
    if (wanted.isEmpty()) for (int k = 0; k < outputNames.size(); k++) wanted.add(k);
    List<double[]> outs = await(worker.infer(in.data(), n));
    if (outs.size() != outputNames.size()) throw new ProtocolException(503, "the model was replaced while the request waited; send it again");
    List<ResponseTensor> tensors = new ArrayList<>();
    for (int k : wanted) {
      int[] s = sig.outputShapes().get(k);
      long[] shape = new long[s.length + 1];
      shape[0] = n;
      for (int i = 0; i < s.length; i++) shape[i + 1] = s[i];
      tensors.add(new ResponseTensor(outputNames.get(k), shape, outs.get(k)));
    }
    return ResponseWriter.inference(name, VERSION, q.id(), tensors);
  }

  byte[] learn(InferenceRequest q) {
    Signature sig = served();
    int classes = sig.classes();
    RequestTensor in = input(q, sig);
    int n = (int) in.shape()[0];
    RequestTensor l = q.labels();
    if (l == null) throw ProtocolException.badRequest("a learn request needs \"labels\": {\"shape\": [N], \"datatype\": \"INT64\", \"data\": [...]}");
    if (!l.datatype().isInteger()) throw ProtocolException.badRequest("\"labels\" must have an integer datatype (INT64), not " + l.datatype());
    if (l.shape().length != 1 || l.shape()[0] != n)
      throw ProtocolException.badRequest("\"labels\" has shape " + l.describeShape() + "; the inputs hold " + n + " samples, so it must be [" + n + "]");
    int[] labels = new int[n];
    for (int k = 0; k < n; k++) {
      double v = l.data()[k];
      if (v < 0 || v >= classes) throw ProtocolException.badRequest("label " + (long) v + " is outside the model's classes 0.." + (classes - 1));
      labels[k] = (int) v;
    }
    LearnReport r = await(worker.learn(in.data(), labels));
    ReportMap m = new ReportMap().put("model_name", name).put("model_version", VERSION);
    if (q.id() != null) m.put("id", q.id());
    m.put("samples", r.samples()).put("updates", r.updates()).put("loss", r.loss()).put("accuracy", r.accuracy()).put("pulses", r.pulses())
        .put("reads", r.reads());
    return ResponseWriter.object(m.map());
  }

  /** The request's one input, shaped [N, sample shape] with N ≥ 1. */
  private RequestTensor input(InferenceRequest q, Signature sig) {
    String inputName = sig.inputName();
    int[] sampleShape = sig.sampleShape();
    if (q.inputs().size() != 1)
      throw ProtocolException.badRequest("model '" + name + "' takes one input, '" + inputName + "'; the request has " + q.inputs().size());
    RequestTensor in = q.inputs().get(0);
    if (!in.name().equals(inputName))
      throw ProtocolException.badRequest("unknown input '" + in.name() + "'; model '" + name + "' takes '" + inputName + "'");
    long[] s = in.shape();
    boolean fits = s.length == sampleShape.length + 1 && s[0] >= 1;
    for (int i = 0; fits && i < sampleShape.length; i++) fits = s[i + 1] == sampleShape[i];
    if (!fits)
      throw ProtocolException.badRequest("input '" + inputName + "' has shape " + in.describeShape() + "; model '" + name + "' takes [N, "
          + Arrays.toString(sampleShape).substring(1) + " with N >= 1");
    if (in.data().length != s[0] * sig.sampleSize()) throw new IllegalStateException("tensor data does not match its checked shape");
    return in;
  }

  private static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProtocolException(503, "interrupted while waiting for the board");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new IllegalStateException(e.getCause());
    }
  }
}
