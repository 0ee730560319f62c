package insitu.cli;

import insitu.sdk.job.JsonReport;
import insitu.sdk.job.TrainJob;
import insitu.sdk.job.TrainRequest;
import java.util.Map;

/** Shared plumbing of commands: run a job, print its result as text or JSON. */
final class Runner {
  private Runner() {}

  static int train(TrainRequest r, CommonOptions common) {
    if (!common.quiet)
      System.err.printf("insitu: training %s on %s, board %s, %d epochs, batch %d, %s, update %s, seed %d%n", r.model(), r.data(),
          r.board(), r.epochs(), r.batch(), r.optimizer(), r.update(), r.seed());
    Map<String, Object> report = TrainJob.run(r, new Progress(r.epochs(), common.quiet), msg -> {
      if (!common.quiet) System.err.println("insitu: " + msg);
    });
    print(report, common, String.format("test accuracy %.2f%% on %d samples in %.1f s; report in %s",
        100 * (double) report.get("accuracy"), (int) report.get("test_samples"), (double) report.get("seconds"), report.get("run_dir")));
    return 0;
  }

  static int resume(java.nio.file.Path dir, CommonOptions common) {
    if (!common.quiet) System.err.println("insitu: resuming the run in " + dir);
    Map<String, Object> report = TrainJob.resume(dir, new Progress(0, common.quiet));
    print(report, common, String.format("test accuracy %.2f%% on %d samples; report in %s",
        100 * (double) report.get("accuracy"), (int) report.get("test_samples"), report.get("run_dir")));
    return 0;
  }

  static void print(Map<String, Object> report, CommonOptions common, String summary) {
    if (common.json) System.out.println(JsonReport.toJson(report, false));
    else System.out.println(summary);
  }
}
