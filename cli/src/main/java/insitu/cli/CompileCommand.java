package insitu.cli;

import insitu.compiler.InputRange;
import insitu.compiler.report.CompileSummary;
import insitu.compiler.report.GroupedLayers;
import insitu.sdk.job.CompileJob;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code insitu compile}: model → .xbar artifact for a target board. */
@Command(name = "compile", mixinStandardHelpOptions = true,
    description = "Compile a model for a target board into a .xbar artifact.")
public final class CompileCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "MODEL", description = "FILE.onnx, FILE.xbar or " + ModelNames.HELP)
  String model;

  @Option(names = "--target", required = true, paramLabel = "SPEC",
      description = "target board: a simulated board's spec (e.g. sim:paper?arrays=30) or a board spec file (FILE.json from"
          + " 'insitu board info --board serial:PORT --out FILE.json'); compiling never opens a board")
  String target;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.xbar") Path out;
  @Option(names = "--report", paramLabel = "FILE.json", description = "write the compile report here") Path report;
  @Option(names = "--png", paramLabel = "FILE.png", description = "draw where each layer lives") Path png;
  @Option(names = "--sign", paramLabel = "KEY", description = "sign with this Ed25519 private key (PKCS#8 PEM)") Path sign;
  @Option(names = "--seed", defaultValue = "1", converter = OptionRanges.Seed.class, description = "seed of built-in models' weights") long seed;
  @Mixin CalibrationOption calibration;
  @Option(names = "--input-range", paramLabel = "LOW,HIGH",
      description = "the input values the model was trained on, recorded in the artifact (e.g. -1,1 for pixels/255*2-1); default: what the"
          + " model declares (ONNX metadata insitu.input_range), 0,1 for the built-in models")
  String inputRange;

  @Override public Integer call() {
    CompileJob.Report r = CompileJob.run(new CompileJob.Request(model, target, out, report, png, sign, seed, calibration.file,
        inputRange == null ? null : InputRange.parse(inputRange)));
    CompileSummary s = r.summary();
    StringBuilder text = new StringBuilder(String.format("compiled %s: %d weights on %d devices, %d of %d array(s) used (%.0f%% full) -> %s",
        s.model(), s.weights(), s.devicesUsed(), s.arraysUsed(), s.arrays(), 100 * s.meanUtilizationOfUsedArrays(), out));
    for (GroupedLayers.Layer g : s.groupedLayers().orElse(List.of()))
      text.append(System.lineSeparator()).append("  grouped layer ").append(g.summary());
    Runner.print(r, common, text.toString());
    return 0;
  }
}
