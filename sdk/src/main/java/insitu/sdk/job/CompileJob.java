package insitu.sdk.job;

import insitu.boards.BoardSpec;
import insitu.compiler.Compilation;
import insitu.compiler.Compiler;
import insitu.compiler.artifact.SigningKeys;
import insitu.compiler.mapping.Mapping;
import insitu.compiler.mapping.Target;
import insitu.compiler.mapping.TargetTooSmallException;
import insitu.compiler.report.CompileSummary;
import insitu.errors.BadInputException;
import insitu.errors.UsageException;
import insitu.runtime.calibrate.Calibration;
import insitu.runtime.calibrate.CalibrationJson;
import insitu.sdk.report.PlacementMap;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.LinkedHashMap;
import java.util.Map;

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
   */
  public record Request(String model, String target, Path out, Path reportJson, Path png, Path signingKey, long seed, Path calibration) {
    public Request(String model, String target, Path out, Path reportJson, Path png, Path signingKey, long seed) {
      this(model, target, out, reportJson, png, signingKey, seed, null);
    }
  }

  public static Map<String, Object> run(Request r) {
    long t0 = System.nanoTime();
    var source = ModelCatalog.source(r.model(), r.seed());
    BoardSpec spec = TargetSpecs.resolve(r.target());
    PrivateKey key = r.signingKey() == null ? null : SigningKeys.readPrivate(r.signingKey());
    Calibration cal = r.calibration() == null ? null : CalibrationJson.read(r.calibration());
    Target target;
    try {
      target = Placements.target(spec, cal);
    } catch (IllegalArgumentException e) {
      throw new UsageException(r.calibration() + ": " + e.getMessage());
    }
    Compiler compiler = Compiler.standard();
    Compilation c;
    try {
      c = compiler.compile(source, target);
      compiler.writeArtifact(c, r.out(), key);
    } catch (TargetTooSmallException e) {
      throw new BadInputException(r.model() + ": " + e.messageFor(TargetSpecs.withArrays(r.target(), e.arraysNeeded())), e);
    } catch (InternalError e) {
      // The model file is memory-mapped: cut short while compiling (re-exported in place), its pages fault.
      if (!String.valueOf(e.getMessage()).contains("unsafe memory access")) throw e;
      throw new BadInputException(r.model() + ": the file changed while it was being compiled; compile it again once it is written", e);
    }
    Map<String, Object> report = CompileSummary.of(c.graph(), c.placement(), spec);
    report.put("command", "compile");
    if (cal != null) {
      report.put("calibration", Calibrations.summary(cal, r.calibration().toString()));
      report.put("defects", defects(c.mapping()));
    }
    report.put("artifact", r.out().toString());
    report.put("signed", key != null);
    try {
      if (r.png() != null) {
        PlacementMap.write(c.placement(), spec, r.png());
        report.put("png", r.png().toString());
      }
      report.put("seconds", (System.nanoTime() - t0) / 1e9);
      if (r.reportJson() != null) {
        report.put("report", r.reportJson().toString());
        JsonReport.writeAtomically(report, r.reportJson());
      }
    } catch (IOException e) {
      throw new BadInputException("cannot write the compile report: " + e.getMessage(), e);
    }
    return report;
  }

  /** What the calibrated mapping did: copies, and the stuck devices under the tiles before and after placement. */
  private static Map<String, Object> defects(Mapping m) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("copies", m.rowCopies() * m.columnCopies());
    d.put("row_copies", m.rowCopies());
    d.put("column_copies", m.columnCopies());
    d.put("stuck_under_tiles", m.stuckAfter().stuckCovered());
    d.put("harmful_stuck", m.stuckAfter().harmfulStuck());
    d.put("plain_stuck_under_tiles", m.stuckBefore().stuckCovered());
    d.put("plain_harmful_stuck", m.stuckBefore().harmfulStuck());
    d.put("summary", m.describe());
    return d;
  }
}
