package insitu.cli;

import picocli.CommandLine.Option;

/** Options shared by every command. */
public class CommonOptions {
  @Option(names = "--json", description = "Print one JSON object on stdout; progress goes to stderr.")
  boolean json;

  @Option(names = "--debug", description = "Print stack traces of errors.")
  boolean debug;

  @Option(names = "--quiet", description = "No progress output.")
  boolean quiet;
}
