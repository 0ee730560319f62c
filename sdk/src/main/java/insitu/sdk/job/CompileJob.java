package insitu.sdk.job;

import insitu.io.AtomicFiles;
import insitu.boards.BoardSpec;
import insitu.compiler.Compilation;
import insitu.compiler.Compiler;
import insitu.compiler.InputRange;
import insitu.compiler.artifact.ModelNotes;
import insitu.compiler.artifact.SigningKeys;
import insitu.compiler.mapping.Target;
import insitu.compiler.mapping.TargetTooSmallException;
import com.google.gson.annotations.JsonAdapter;
import insitu.compiler.report.CompileSummary;
import insitu.errors.BadInputException;
import insitu.errors.UsageException;
import insitu.runtime.calibrate.Calibration;
import insitu.runtime.calibrate.CalibrationJson;
import insitu.sdk.report.PlacementMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.security.PrivateKey;
import java.util.Optional;

/**
 * Compiles a model for a target board into a {@code .xbar} artifact, with an optional JSON report
 * and PNG map: the {@link Compiler} facade, fed from the command line's arguments. No board is
 * opened: the target is a simulated board's spec string or a board spec file.
 */
public final class CompileJob {
  private CompileJob() {}

  /**
   * @param model anything {@link ModelCatalog} accepts (a built-in name or a model file)
   * @param target a simulated board's spec string or a board spec file ({@link TargetSpecs})
   * @param signingKey Ed25519 private key file, or null for an unsigned artifact
   * @param calibration the target board's calibration ({@code insitu board selftest --out}): the
   *     model is mapped with its conductance scale, around its bad lines, with redundant copies and
   *     stuck-aware row and column placement; null for the defaults
   * @param inputRange the input range to record in the artifact, overriding what the model
   *     declares ({@code insitu.input_range} metadata); null to keep the model's
   */
  public record Request(String model, String target, Path out, Path reportJson, Path png, Path signingKey, long seed, Path calibration,
                        InputRange inputRange) {
    public Request(String model, String target, Path out, Path reportJson, Path png, Path signingKey, long seed, Path calibration) {
      this(model, target, out, reportJson, png, signingKey, seed, calibration, null);
    }

    public Request(String model, String target, Path out, Path reportJson, Path png, Path signingKey, long seed) {
      this(model, target, out, reportJson, png, signingKey, seed, null);
    }
  }

  /**
   * What was compiled: the compilation's summary (its keys first, at the top of the report), then
   * the files written.
   *
   * @param calibration the calibration the model was mapped with, if any (the summary's defects
   *     then say what the calibrated mapping did about stuck cells)
   * @param inputRange the input range the artifact records, if the model declares one
   * @param report where this report was written, if it was
   */
  public record Report(@JsonAdapter(JsonReport.Inline.class) CompileSummary summary, String command,
                       Optional<CalibrationSummary> calibration, Path artifact, Optional<String> inputRange, boolean signed,
                       Optional<Path> png, double seconds, Optional<Path> report) {}

  public static Report run(Request r) {
    long t0 = System.nanoTime();
    var source = ModelCatalog.source(r.model(), r.seed());
    ModelNotes notes = ModelCatalog.notes(r.model());
    if (r.inputRange() != null) notes = notes.withInputRange(r.inputRange());
    BoardSpec spec = TargetSpecs.resolve(r.target());
    PrivateKey key = r.signingKey() == null ? null : SigningKeys.readPrivate(r.signingKey());
    Calibration cal = r.calibration() == null ? null : CalibrationJson.read(r.calibration());
    Target target;
    try {
      target = insitu.runtime.session.Session.target(spec, cal);
    } catch (IllegalArgumentException e) {
      throw new UsageException(r.calibration() + ": " + e.getMessage());
    }
    Compiler compiler = Compiler.standard();
    Compilation c;
    try {
      c = compiler.compile(source, target);
    } catch (TargetTooSmallException e) {
      throw new BadInputException(r.model() + ": " + e.messageFor(TargetSpecs.withArrays(r.target(), e.arraysNeeded())), e);
    } catch (InternalError e) {
      throw changedWhileMapped(r, e);
    }
    CompileSummary summary = CompileSummary.of(c.graph(), c.placement(), spec);
    Optional<CalibrationSummary> calibration = Optional.empty();
    if (cal != null) {
      calibration = Optional.of(CalibrationSummary.of(cal, r.calibration().toString()));
      summary = summary.withDefects(CompileSummary.MappingDefects.of(c.mapping()));
    }
    Optional<String> inputRange = notes.declaredRange().map(Object::toString);
    // Everything is written next to its destination first and renamed into place only when all of
    // it was written: a failing report or map leaves an existing artifact as it was.
    List<Path> written = new ArrayList<>();
    Report report;
    try {
      Path artifact = temporary(r.out(), written);
      try {
        compiler.writeArtifact(c, artifact, key, notes);
      } catch (InternalError e) {
        throw changedWhileMapped(r, e);
      }
      Path png = null, json = null;
      if (r.png() != null) {
        png = temporary(r.png(), written);
        PlacementMap.write(c.placement(), spec, png);
      }
      report = new Report(summary, "compile", calibration, r.out(), inputRange, key != null, Optional.ofNullable(r.png()),
          (System.nanoTime() - t0) / 1e9, Optional.ofNullable(r.reportJson()));
      if (r.reportJson() != null) {
        json = temporary(r.reportJson(), written);
        Files.writeString(json, JsonReport.toJson(report, true) + "\n", StandardCharsets.UTF_8);
      }
      AtomicFiles.commit(artifact, r.out());
      if (png != null) AtomicFiles.commit(png, r.png());
      if (json != null) AtomicFiles.commit(json, r.reportJson());
    } catch (IOException e) {
      throw new BadInputException("cannot write the compile output: " + e.getMessage(), e);
    } finally {
      for (Path p : written) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // already failing, or already renamed
        }
      }
    }
    return report;
  }

  /** The model file is memory-mapped: cut short while in use (re-exported in place), its pages fault. */
  private static RuntimeException changedWhileMapped(Request r, InternalError e) {
    if (!String.valueOf(e.getMessage()).contains("unsafe memory access")) throw e;
    return new BadInputException(r.model() + ": the file changed while it was being compiled; compile it again once it is written", e);
  }

  private static Path temporary(Path destination, List<Path> written) throws IOException {
    Path p = AtomicFiles.temporarySibling(destination);
    written.add(p);
    return p;
  }
}
