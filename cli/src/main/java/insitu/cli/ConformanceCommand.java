package insitu.cli;

import insitu.boards.conformance.ConformanceReport;
import insitu.boards.conformance.ConformanceSuite;
import insitu.boards.conformance.FirmwareTarget;
import insitu.boards.conformance.FirmwareTargets;
import insitu.errors.UsageException;
import insitu.sdk.job.JsonReport;

/**
 * {@code insitu board conformance --board SPEC}: runs the firmware conformance suite and prints a
 * table (or JSON). Exit 0 when no check failed, 1 when one did, 4 when the board does not answer.
 */
final class ConformanceCommand {
  private ConformanceCommand() {}

  static int run(String boardSpec, long seed, CommonOptions common) {
    FirmwareTarget target;
    try {
      target = FirmwareTargets.open(boardSpec, seed);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    try (target) {
      if (!common.quiet)
        System.err.printf("insitu: conformance of %s: %d checks%n", target.description(), ConformanceSuite.checks().size());
      ConformanceReport report = ConformanceSuite.run(target);
      if (common.json) System.out.println(JsonReport.toJson(report.toMap(), false));
      else System.out.print(report.table());
      return report.failed() == 0 ? 0 : 1;
    }
  }
}
