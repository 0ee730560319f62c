package insitu.sdk.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --calibration FILE}: shared by every command that maps or programs a model for a board. */
public class CalibrationOption {
  @Option(names = "--calibration", paramLabel = "FILE.json",
      description = "board calibration from 'insitu board selftest --out': map around its stuck cells, use its conductance scale and"
          + " gate response (a self-test runs first on sim:realistic without one)")
  Path file;
}
