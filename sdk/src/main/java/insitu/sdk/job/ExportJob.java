package insitu.sdk.job;

import insitu.compiler.artifact.Artifact;
import insitu.compiler.artifact.ArtifactReader;
import insitu.compiler.export.ArtifactExport;
import insitu.compiler.export.OnnxExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code insitu export MODEL.xbar --onnx OUT.onnx}: a compiled or in situ trained model as a
 * standard ONNX file (for a trained model, the weights read back from its board), with metadata
 * saying the input range it expects and where it comes from.
 */
public final class ExportJob {
  private ExportJob() {}

  /**
   * @param artifact the {@code .xbar} to export
   * @param onnx the ONNX file to write (atomically)
   * @param opset the default domain's opset, 13 to 21
   */
  public record Request(Path artifact, Path onnx, int opset) {
    public Request(Path artifact, Path onnx) {
      this(artifact, onnx, OnnxExporter.DEFAULT_OPSET);
    }
  }

  public static Map<String, Object> run(Request r) {
    new OnnxExporter.Options(r.opset(), Map.of(), ""); // a bad opset is a usage error before anything is read
    Artifact a = ArtifactReader.read(r.artifact());
    ArtifactExport.write(a, r.artifact(), r.opset(), r.onnx());
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("command", "export");
    report.put("model", r.artifact().toString());
    report.put("onnx", r.onnx().toString());
    report.put("opset", r.opset());
    report.put("input", a.graph().input().name());
    report.put("outputs", a.graph().outputs());
    report.put("nodes", a.graph().nodes().size());
    report.put("weights", a.graph().crossbarWeightCount());
    report.put("metadata", ArtifactExport.metadata(a, r.artifact()));
    try {
      report.put("bytes", Files.size(r.onnx()));
    } catch (java.io.IOException e) {
      throw new insitu.errors.BadInputException(r.onnx() + ": written but cannot be read back: " + e.getMessage(), e);
    }
    return report;
  }
}
