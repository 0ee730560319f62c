package insitu.cli;

import insitu.sdk.job.TrainRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code insitu demo}: the paper's CNN trained in situ on the simulated board with the bundled digits. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Train the paper's CNN in situ on the simulated 1T1R board (bundled 8x8 MNIST, 15 epochs).")
public final class DemoCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--seed", defaultValue = "1", converter = OptionRanges.Seed.class) long seed;

  @Override public Integer call() {
    return Runner.train(TrainRequest.demo(seed), common);
  }
}
