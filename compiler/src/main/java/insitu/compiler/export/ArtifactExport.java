package insitu.compiler.export;

import insitu.compiler.artifact.Artifact;
import insitu.compiler.artifact.ModelNotes;
import insitu.compiler.artifact.Manifest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An artifact written as ONNX: its graph (for a model trained in situ, the weights read back from
 * the board) with metadata_props saying what the model expects and where it comes from: the
 * artifact's own metadata (the source file's, the training run's), the input range, the target
 * board, and the digests of the artifact and its source.
 */
public final class ArtifactExport {
  /** Metadata keys the export adds. */
  public static final String TARGET = "insitu.target", ARTIFACT_SHA256 = "insitu.artifact_sha256", SOURCE_SHA256 = "insitu.source_sha256",
      EXPORTED_FROM = "insitu.exported_from";

  private ArtifactExport() {}

  /** Writes {@code artifact} (read from {@code file}) to {@code out} as ONNX at {@code opset}. */
  public static void write(Artifact artifact, Path file, int opset, Path out) {
    OnnxExporter.write(artifact.graph(), new OnnxExporter.Options(opset, metadata(artifact, file), "exported by insitu from " + file.getFileName()), out);
  }

  /** What the ONNX file's metadata_props say. */
  public static Map<String, String> metadata(Artifact artifact, Path file) {
    Manifest m = artifact.manifest();
    ModelNotes notes = m.notes();
    Map<String, String> props = new LinkedHashMap<>(notes.metadata());
    notes.declaredRange().ifPresent(r -> props.put(ModelNotes.INPUT_RANGE, r.toString()));
    props.put(TARGET, m.target().name());
    props.put(EXPORTED_FROM, file.getFileName().toString());
    props.put(ARTIFACT_SHA256, m.manifestSha256());
    if (m.sourceModelSha256() != null) props.put(SOURCE_SHA256, m.sourceModelSha256());
    return props;
  }
}
