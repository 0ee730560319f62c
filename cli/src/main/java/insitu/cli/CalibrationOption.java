package insitu.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --calibration FILE}: shared by every command that maps or programs a model for a board. */
public class CalibrationOption {
  @Option(names = "--calibration", paramLabel = "FILE.json",
      description = "board calibration from 'insitu board selftest --out': two copies per weight, rows and columns placed around"
          + " its stuck cells, its conductance scale and gate response (commands that program sim:realistic self-test it without one)")
  Path file;
}
