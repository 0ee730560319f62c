package insitu.cli;

import insitu.sdk.job.JsonReport;
import insitu.sdk.job.TrainJob;
import insitu.sdk.job.TrainReport;
import insitu.sdk.job.TrainRequest;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Shared plumbing of commands: run a job, print its result as text or JSON. */
final class Runner {
  private Runner() {}

  static int train(TrainRequest r, CommonOptions common) {
    if (!common.quiet)
      System.err.printf("insitu: training %s on %s, board %s, %d epochs, batch %d, %s, update %s, seed %d%n", r.model(), r.data(),
          r.board(), r.epochs(), r.batch(), r.optimizer().label(), r.update().label(), r.seed());
    TrainReport report = TrainJob.run(r, new Progress(common.quiet), notes(common));
    print(report, common, String.format("test accuracy %.2f%% on %d samples in %.1f s; report in %s",
        100 * report.outcome().accuracy(), report.outcome().testSamples(), report.outcome().seconds(), report.files().runDir()));
    return 0;
  }

  static int resume(Path dir, Integer epochs, CommonOptions common) {
    if (!common.quiet) System.err.println("insitu: resuming the run in " + dir);
    TrainReport report = TrainJob.resume(dir, epochs, new Progress(common.quiet), notes(common));
    print(report, common, String.format("test accuracy %.2f%% on %d samples; report in %s",
        100 * report.outcome().accuracy(), report.outcome().testSamples(), report.files().runDir()));
    return 0;
  }

  /** One-line messages of a job for the user, on stderr unless --quiet. */
  static Consumer<String> notes(CommonOptions common) {
    return msg -> {
      if (!common.quiet) System.err.println("insitu: " + msg);
    };
  }

  /** The report as one line of JSON ({@code --json}), or the summary for people. */
  static void print(Object report, CommonOptions common, String summary) {
    if (common.json) System.out.println(JsonReport.toJson(report, false));
    else System.out.println(summary);
  }
}
