package insitu.compiler.artifact;

import insitu.boards.BoardSpec;
import java.util.Map;

/**
 * What an artifact says about itself, besides the graph and the placement.
 *
 * @param formatVersion {@link ArtifactFormat#VERSION} of the writer
 * @param compilerVersion the compiler that wrote it
 * @param sourceModelSha256 hex SHA-256 of the source model file, null for built-in models
 * @param target the board spec the placement was made for
 * @param entryDigests zip entry name → hex SHA-256, for every blob
 * @param manifestSha256 hex SHA-256 of manifest.json
 * @param signed whether the artifact carries a signature
 * @param signatureVerified whether that signature was checked against a configured public key
 * @param notes the model's declared input range and metadata ({@link ModelNotes#NONE} when absent)
 */
public record Manifest(int formatVersion, String compilerVersion, String sourceModelSha256, BoardSpec target,
                       Map<String, String> entryDigests, String manifestSha256, boolean signed, boolean signatureVerified,
                       ModelNotes notes) {
  public Manifest {
    entryDigests = Map.copyOf(entryDigests);
  }
}
