package insitu.cli;

import insitu.errors.InsituException;
import java.io.PrintWriter;
import java.util.List;
import org.tinylog.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code insitu} command-line tool. */
@Command(name = "insitu", mixinStandardHelpOptions = true, version = "insitu 0.1.0",
    description = "Neural networks on memristor crossbars, trained in situ.",
    footer = {"", "From a source checkout, ./insitu bench measures in situ training and inference next to PyTorch and ONNX Runtime",
        "(its peers are not part of the installed tool; docs/BENCHMARKS.md)."})
public final class Main implements Runnable {
  /** The commands, in the order the help lists them. */
  static final List<Class<?>> COMMANDS = List.of(DemoCommand.class, TrainCommand.class, FineTuneCommand.class, EvalCommand.class,
      CompileCommand.class, ExportCommand.class, ModelsCommand.class, BoardCommand.class, ServeCommand.class, FleetCommand.class);

  /** Paho logs lost connections as SEVERE stack traces; the tool reports them itself. Held: JUL keeps loggers weakly. */
  private static final java.util.logging.Logger PAHO = java.util.logging.Logger.getLogger("org.eclipse.paho");

  @Override public void run() {
    commandLine().usage(System.err);
  }

  /**
   * The tool's command line with the command {@code args} name and only that one (all of them when
   * they name none or an unknown one): picocli reads every option of every command it is given,
   * a tenth of a second at start for the whole tool (docs/BENCHMARKS.md, issue 20).
   */
  static CommandLine commandLine(String... args) {
    String wanted = java.util.Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse(null);
    boolean known = COMMANDS.stream().anyMatch(c -> name(c).equals(wanted));
    CommandLine cl = new CommandLine(new Main());
    for (Class<?> c : COMMANDS) if (!known || name(c).equals(wanted)) cl.addSubcommand(c);
    return cl;
  }

  private static String name(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  public static void main(String[] args) {
    // A background thread's failure is one line too; out of memory there ends the command.
    Thread.setDefaultUncaughtExceptionHandler((thread, t) -> {
      LastResort.Outcome o = LastResort.of(t);
      System.err.println("insitu: " + o.message());
      if (t instanceof Error) Runtime.getRuntime().halt(o.exitCode());
    });
    System.exit(execute(args));
  }

  /**
   * Runs the tool and returns the exit code (0 ok, 2 usage, 3 bad input or out of memory, 4 board or
   * link failure).
   */
  public static int execute(String... args) {
    return ResourceErrors.guarded(args, () -> run(args));
  }

  private static int run(String... args) {
    boolean debug = java.util.Arrays.asList(args).contains("--debug");
    if (debug) debugLogging();
    PAHO.setLevel(debug ? java.util.logging.Level.WARNING : java.util.logging.Level.OFF);
    CommandLine cl = commandLine(args);
    cl.setErr(new PrintWriter(System.err, true));
    cl.setParameterExceptionHandler((ex, a) -> {
      // One line: the problem, what was probably meant, then where the usage is.
      List<String> meant = ex instanceof CommandLine.UnmatchedArgumentException u ? u.getSuggestions() : List.of();
      System.err.println("insitu: " + InsituException.oneLine(ex.getMessage())
          + (meant.isEmpty() ? "" : "; did you mean " + String.join(" or ", meant.subList(0, Math.min(3, meant.size()))) + "?")
          + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
      return LastResort.USAGE;
    });
    cl.setExecutionExceptionHandler((ex, c, parse) -> report(ex, debug));
    try {
      return cl.execute(args);
    } catch (Throwable t) {
      // Errors (OutOfMemoryError, StackOverflowError) pass through picocli's handler.
      return report(t, debug);
    }
  }

  private static int report(Throwable t, boolean debug) {
    if (debug) t.printStackTrace();
    LastResort.Outcome o = LastResort.of(t);
    System.err.println("insitu: " + o.message());
    return o.exitCode();
  }

  /** --debug shows the libraries' debug lines, Pi4J's included (tinylog.properties keeps them quiet). */
  private static void debugLogging() {
    if (Configuration.isFrozen()) return; // a second run in the same JVM keeps the first one's logging
    Configuration.set("writer.level", "debug");
    Configuration.set("level@com.pi4j", "debug");
  }
}
