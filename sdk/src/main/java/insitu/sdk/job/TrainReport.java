package insitu.sdk.job;

import com.google.gson.annotations.JsonAdapter;
import insitu.boards.capability.LinkCounters;
import insitu.runtime.program.ProgramReport;
import insitu.runtime.train.EpochReport;
import insitu.runtime.train.OptimizerKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a training run ({@code insitu train}, {@code finetune}, {@code train --resume}) reports, on
 * the console and in its {@code report.json}: one flat JSON object whose record groups its keys as
 * the run produced them — what it was asked, how the board was set up, what training did, the files
 * it left.
 *
 * @param command {@code train}, or {@code finetune} for the report a fine-tuning returns
 * @param fromCheckpoint for a fine-tuning, the run whose checkpoint it started from
 */
public record TrainReport(String command, @JsonAdapter(JsonReport.Inline.class) Settings settings,
                          @JsonAdapter(JsonReport.Inline.class) Setup setup, @JsonAdapter(JsonReport.Inline.class) Outcome outcome,
                          @JsonAdapter(JsonReport.Inline.class) Files files, Optional<Path> fromCheckpoint) {

  /** The same report, of a fine-tuning that started from the checkpoint of {@code runDir}. */
  TrainReport fineTuningOf(Path runDir) {
    return new TrainReport("finetune", settings, setup, outcome, files, Optional.of(runDir));
  }

  /**
   * What the run was asked to do.
   *
   * @param update the update rule as the trainer names it, e.g. {@code accumulate(0.1 V)}
   * @param initialization how the weights got onto the board
   */
  public record Settings(String model, String data, String board, long seed, OptimizerKind optimizer, String update, double learningRate,
                         double lrDecay, int batch, String initialization) {}

  /**
   * How the board was set up before training; each part only when it happened.
   *
   * @param calibration the calibration used
   * @param placement how the model was mapped with the calibration
   * @param lifecycle the accuracy fresh from programming and the ageing
   * @param program what programming the model's weights with write-verify did
   */
  public record Setup(Optional<CalibrationSummary> calibration, Optional<String> placement, Optional<Lifecycle> lifecycle,
                      Optional<Programming> program) {
    /** A resumed run says nothing of its setup again. */
    static final Setup NONE = new Setup(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * The weights as programmed, then aged.
   *
   * @param accuracyFresh for weights that were programmed, not initialized
   */
  public record Lifecycle(Optional<Double> accuracyFresh, double ageSeconds) {}

  /** Write-verify programming of the model's weights. */
  public record Programming(int cells, int converged, int failed, long pulses) {
    static Programming of(ProgramReport p) {
      return new Programming(p.cells(), p.converged(), p.failed(), p.pulses());
    }
  }

  /**
   * What training did.
   *
   * @param initialAccuracy the test accuracy before training, for a run that started from trained weights
   * @param accuracy the test accuracy at the end (of the last output)
   * @param accuracyPerStep the test accuracy of every output (every time step of a recurrent model)
   * @param samples training samples seen (the training set times the epochs requested)
   * @param seconds the run's time so far
   * @param retries commands the board's link sent again
   * @param link for a board behind a serial link, what the link went through
   * @param finalConductanceSha256 the digest of every conductance on the board at the end
   */
  public record Outcome(Optional<Double> initialAccuracy, int weights, int devices, String loss, int epochsRequested, double accuracy, double[] accuracyPerStep, long samples,
                        int trainSamples, int testSamples, double seconds, List<Epoch> epochs,
                        @JsonAdapter(JsonReport.Inline.class) BoardUse boardUse, long retries, Optional<Link> link,
                        String finalConductanceSha256) {}

  /**
   * One epoch.
   *
   * @param testAccuracyPerStep the test accuracy of every output; the last is {@code testAccuracy}
   * @param samplesPerSecond the training alone
   */
  public record Epoch(int epoch, double trainAccuracy, double testAccuracy, double[] testAccuracyPerStep, double loss, double learningRate,
                      double seconds, double samplesPerSecond, long pulses, long reads) {
    static Epoch of(EpochReport e) {
      return new Epoch(e.epoch(), e.trainAccuracy(), e.testAccuracy(), e.testAccuracyPerOutput(), e.loss(), e.learningRate(), e.seconds(),
          e.samplesPerSecond(), e.pulses(), e.reads());
    }
  }

  /** What a serial link went through: resends, losses, resets seen, bytes and payload efficiency. */
  public record Link(long retries, long timeouts, long gapQueries, long fetches, long partsResent, long crcErrors, long malformedFrames,
                     long epochChanges, long naks, long framesSent, long framesReceived, long wireBytesSent, long wireBytesReceived,
                     double payloadEfficiency, int txPartBytes, int rxPartBytes) {
    static Link of(LinkCounters l) {
      return new Link(l.retries(), l.timeouts(), l.gapQueries(), l.fetches(), l.partsResent(), l.crcErrors(), l.malformedFrames(),
          l.epochChanges(), l.naks(), l.framesSent(), l.framesReceived(), l.wireBytesSent(), l.wireBytesReceived(), l.payloadEfficiency(),
          l.txPartBytes(), l.rxPartBytes());
    }
  }

  /**
   * The files the run left.
   *
   * @param trainedModel the model it keeps ({@code model.xbar})
   * @param kept which epoch's weights that model holds: the last, or the best
   * @param keptEpoch the epoch whose weights it holds
   * @param plots the training curve and the conductance map
   */
  public record Files(Path checkpoints, Path trainedModel, Keep kept, int keptEpoch, Path runDir, List<Path> plots) {}
}
