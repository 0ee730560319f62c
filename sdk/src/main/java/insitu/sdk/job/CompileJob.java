package insitu.sdk.job;

import insitu.boards.Board;
import insitu.boards.BoardSpec;
import insitu.compiler.artifact.ArtifactWriter;
import insitu.compiler.artifact.SigningKeys;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.CrossbarMapper;
import insitu.compiler.mapping.MappingOptions;
import insitu.compiler.mapping.Placement;
import insitu.compiler.report.CompileSummary;
import insitu.errors.BadInputException;
import insitu.runtime.calibrate.CalibratedMapping;
import insitu.runtime.calibrate.Calibration;
import insitu.runtime.calibrate.CalibrationJson;
import insitu.errors.UsageException;
import insitu.sdk.report.PlacementMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Map;

/** Compiles a model for a target board into a {@code .xbar} artifact, with an optional JSON report and PNG map. */
public final class CompileJob {
  private CompileJob() {}

  /**
   * @param model anything {@link ModelCatalog} accepts (a built-in name or a model file)
   * @param target board spec string; only its {@link BoardSpec} matters
   * @param signingKey Ed25519 private key file, or null for an unsigned artifact
   * @param calibration the target board's calibration ({@code insitu board selftest --out}): the
   *     model is mapped with its conductance scale, around its bad lines, with redundant copies and
   *     stuck-aware row and column placement ({@link CalibratedMapping}); null for the defaults
   */
  public record Request(String model, String target, Path out, Path reportJson, Path png, Path signingKey, long seed, Path calibration) {
    public Request(String model, String target, Path out, Path reportJson, Path png, Path signingKey, long seed) {
      this(model, target, out, reportJson, png, signingKey, seed, null);
    }
  }

  public static Map<String, Object> run(Request r) {
    long t0 = System.nanoTime();
    Graph graph = ModelCatalog.load(r.model(), r.seed());
    byte[] source = sourceBytes(r.model());
    BoardSpec spec;
    try (Board b = TrainJob.openBoard(r.target(), r.seed())) {
      spec = b.spec();
    }
    PrivateKey key = r.signingKey() == null ? null : SigningKeys.readPrivate(r.signingKey());
    Placement placement;
    CalibratedMapping.Result calibrated = null;
    Calibration cal = null;
    if (r.calibration() == null) {
      placement = CrossbarMapper.map(graph, spec, MappingOptions.defaults());
    } else {
      cal = CalibrationJson.read(r.calibration());
      try {
        cal.checkFits(spec);
      } catch (IllegalArgumentException e) {
        throw new UsageException(r.calibration() + ": " + e.getMessage());
      }
      calibrated = CalibratedMapping.place(graph, spec, cal);
      placement = calibrated.placement();
    }
    // A calibrated artifact's target lists the defects its placement was made around, so a
    // deployment can tell them from stuck cells it never knew about.
    ArtifactWriter.write(graph, placement, cal == null ? spec : spec.withDefects(cal.defectsOver(spec.defects())), source, r.out(), key);
    Map<String, Object> report = CompileSummary.of(graph, placement, spec);
    report.put("command", "compile");
    if (calibrated != null) {
      report.put("calibration", Calibrations.summary(cal, r.calibration().toString()));
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("copies", calibrated.rowRep() * calibrated.colRep());
      m.put("row_copies", calibrated.rowRep());
      m.put("column_copies", calibrated.colRep());
      m.put("stuck_under_tiles", calibrated.after().stuckCovered());
      m.put("harmful_stuck", calibrated.after().harmfulStuck());
      m.put("plain_stuck_under_tiles", calibrated.before().stuckCovered());
      m.put("plain_harmful_stuck", calibrated.before().harmfulStuck());
      m.put("summary", calibrated.describe());
      report.put("defects", m);
    }
    report.put("artifact", r.out().toString());
    report.put("signed", key != null);
    try {
      if (r.png() != null) {
        PlacementMap.write(placement, spec, r.png());
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

  /** The model file's bytes, for the manifest's source digest; null for built-in models. */
  private static byte[] sourceBytes(String model) {
    Path p = Path.of(model);
    if (!Files.isRegularFile(p)) return null;
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new BadInputException(model + ": cannot read: " + e.getMessage(), e);
    }
  }
}
