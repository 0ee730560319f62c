package insitu.cli;

import insitu.sdk.job.DeviceSetup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What the commands that program a board are told about its devices: {@code --calibration} and {@code --age}. */
public class DeviceOptions {
  @Mixin CalibrationOption calibration;

  @Option(names = "--age", paramLabel = "DURATION", converter = OptionRanges.Age.class,
      description = "simulated boards: let this much virtual time pass once the weights are on the board, before evaluating or"
          + " training (e.g. 30d, 12h, 90s)")
  String age;

  DeviceSetup setup() {
    return new DeviceSetup(calibration.file, age);
  }
}
