package insitu.sdk.job;

import insitu.compiler.artifact.Artifact;
import insitu.compiler.artifact.ArtifactReader;
import insitu.compiler.artifact.ArtifactWriter;
import insitu.errors.BadInputException;
import insitu.runtime.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A deployment's model and placement as .xbar bytes, the form a checkpoint carries them in. */
public final class ArtifactBytes {
  private ArtifactBytes() {}

  /** The deployment's graph and placement, for its board's spec. */
  public static byte[] of(Deployment d) {
    try {
      Path tmp = Files.createTempFile("insitu-ckpt", ".xbar");
      try {
        ArtifactWriter.write(d.graph(), d.placement(), d.board().spec(), null, tmp);
        return Files.readAllBytes(tmp);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new BadInputException("cannot serialize the model for a checkpoint: " + e.getMessage(), e);
    }
  }

  /** Reads bytes from {@link #of}; {@code where} names the checkpoint in errors. */
  public static Artifact read(byte[] bytes, Path where) {
    try {
      Path tmp = Files.createTempFile("insitu-ckpt", ".xbar");
      try {
        Files.write(tmp, bytes);
        return ArtifactReader.read(tmp);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new BadInputException("cannot read the model of the checkpoint in " + where + ": " + e.getMessage(), e);
    }
  }
}
