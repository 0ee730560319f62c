package insitu.cli;

import insitu.sdk.job.EvalJob;
import insitu.sdk.job.ProgramMode;
import insitu.sdk.job.ProgramSummary;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code insitu eval}: deploy, program and evaluate a model on a board. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Program a model's weights onto a board and evaluate it on a data set's test split.")
public final class EvalCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--model", required = true, description = "FILE.xbar, FILE.onnx or " + ModelNames.HELP) String model;
  @Option(names = "--data", description = "mnist8, mnist28, mnist-seq, idx:DIR, npy:X.npy,Y.npy (default: the model's own, mnist8 for files);"
      + " built-in data sets are fed in the input range the model declares")
  String data;
  @Option(names = "--board", defaultValue = "sim", description = "sim, sim:ideal, sim:paper?arrays=N&seed=S&stuck=F (default: ${DEFAULT-VALUE})")
  String board;
  @Option(names = "--program", defaultValue = "write-verify", converter = Choices.ProgramModes.class,
      description = "write-verify (closed loop) or exact (open loop; exact on sim:ideal) (default: ${DEFAULT-VALUE})")
  ProgramMode program;
  @Option(names = "--tolerance", defaultValue = "2", converter = OptionRanges.Positive.class, paramLabel = "MICROSIEMENS", description = "write-verify window ±µS (default: ${DEFAULT-VALUE})")
  double tolerance;
  @Option(names = "--save-outputs", paramLabel = "FILE.npy", description = "write the model outputs (N x outputs, float32)") Path saveOutputs;
  @Option(names = "--verify-key", paramLabel = "PUBKEY", description = "accept only .xbar artifacts signed by this Ed25519 public key") Path verifyKey;
  @Option(names = "--batch", defaultValue = "200", converter = OptionRanges.Batch.class) int batch;
  @Option(names = "--seed", defaultValue = "1", converter = OptionRanges.Seed.class) long seed;
  @Mixin DeviceOptions device;
  @Option(names = "--compensate-drift", description = "fit per-column gains from read-back conductances and apply them digitally")
  boolean compensateDrift;
  @Option(names = "--recalibrate", paramLabel = "THRESHOLD", converter = OptionRanges.Fraction.class, description = "below this accuracy (0-1) on a held-back calibration set: compensate drift, then fine-tune one epoch in situ")
  Double recalibrate;

  @Override public Integer call() {
    EvalJob.Request r = new EvalJob.Request(model, data != null ? data : insitu.sdk.job.ModelCatalog.defaultData(model), board, program, saveOutputs, verifyKey, tolerance, batch, seed);
    EvalJob.Report rep = EvalJob.run(r, new insitu.sdk.job.LifecycleSteps(device.setup().calibration(), device.setup().age(), compensateDrift, recalibrate),
        msg -> System.err.println("insitu: " + msg));
    String prog = rep.program() instanceof ProgramSummary.WriteVerify p
        ? String.format("write-verify: %d/%d cells converged, %d failed (%d stuck), %d pulses (%.1f per cell), %d rounds",
            p.converged(), p.cells(), p.failed(), p.stuck(), p.pulses(), p.pulsesPerCell(), p.iterations())
        : String.format("exact: %d cells, %d pulses", rep.program().cells(), rep.program().pulses());
    Runner.print(rep, common, String.format("accuracy %.2f%% on %d samples in %.1f s; %s", 100 * rep.accuracy(), rep.samples(),
        rep.seconds(), prog));
    return 0;
  }
}
