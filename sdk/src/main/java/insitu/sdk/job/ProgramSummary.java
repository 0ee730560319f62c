package insitu.sdk.job;

import insitu.runtime.program.ProgramReport;

/** How {@code insitu eval} programmed the weights ({@code "program"} of its report), by {@link ProgramMode}. */
public sealed interface ProgramSummary permits ProgramSummary.Exact, ProgramSummary.WriteVerify {
  ProgramMode mode();

  int cells();

  long pulses();

  /** One open-loop shot per device. */
  record Exact(ProgramMode mode, int cells, long pulses) implements ProgramSummary {
    public Exact(int cells, long pulses) {
      this(ProgramMode.EXACT, cells, pulses);
    }
  }

  /** Closed loop: how many devices converged, and what it cost. */
  record WriteVerify(ProgramMode mode, int cells, int converged, int failed, int stuck, long pulses, double pulsesPerCell, int iterations,
                     double toleranceSiemens, double meanAbsErrorSiemens, double maxAbsErrorSiemens, double seconds)
      implements ProgramSummary {
    public static WriteVerify of(ProgramReport p) {
      return new WriteVerify(ProgramMode.WRITE_VERIFY, p.cells(), p.converged(), p.failed(), p.stuck(), p.pulses(), p.pulsesPerCell(),
          p.iterations(), p.toleranceSiemens(), p.meanAbsErrorSiemens(), p.maxAbsErrorSiemens(), p.seconds());
    }
  }
}
