package insitu.sdk.job;

import insitu.compiler.artifact.Artifact;
import insitu.compiler.artifact.ArtifactReader;
import insitu.compiler.export.ArtifactExport;
import insitu.compiler.export.OnnxExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  /**
   * What was exported.
   *
   * @param model the artifact exported
   * @param metadata the ONNX file's metadata_props
   * @param bytes the ONNX file's size
   */
  public record Report(String command, Path model, Path onnx, int opset, String input, List<String> outputs, int nodes, int weights,
                       Map<String, String> metadata, long bytes) {}

  public static Report run(Request r) {
    new OnnxExporter.Options(r.opset(), Map.of(), ""); // a bad opset is a usage error before anything is read
    Artifact a = ArtifactReader.read(r.artifact());
    ArtifactExport.write(a, r.artifact(), r.opset(), r.onnx());
    long bytes;
    try {
      bytes = Files.size(r.onnx());
    } catch (java.io.IOException e) {
      throw new insitu.errors.BadInputException(r.onnx() + ": written but cannot be read back: " + e.getMessage(), e);
    }
    return new Report("export", r.artifact(), r.onnx(), r.opset(), a.graph().input().name(), a.graph().outputs(), a.graph().nodes().size(),
        a.graph().crossbarWeightCount(), ArtifactExport.metadata(a, r.artifact()), bytes);
  }
}
