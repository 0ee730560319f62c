package insitu.cli;

import insitu.errors.InsituException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code insitu} command-line tool. */
@Command(name = "insitu", mixinStandardHelpOptions = true, version = "insitu 0.1.0",
    description = "Neural networks on memristor crossbars, trained in situ.",
    subcommands = {DemoCommand.class, TrainCommand.class, FineTuneCommand.class, EvalCommand.class, CompileCommand.class, BoardCommand.class})
public final class Main implements Runnable {

  @Override public void run() {
    new CommandLine(this).usage(System.err);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the tool and returns the exit code (0 ok, 2 usage, 3 bad input, 4 board or link failure). */
  public static int execute(String... args) {
    boolean debug = java.util.Arrays.asList(args).contains("--debug");
    CommandLine cl = new CommandLine(new Main());
    cl.setErr(new PrintWriter(System.err, true));
    cl.setParameterExceptionHandler((ex, a) -> {
      System.err.println("insitu: " + ex.getMessage());
      System.err.println("Try 'insitu " + ex.getCommandLine().getCommandName() + " --help' for usage.");
      return 2;
    });
    cl.setExecutionExceptionHandler((ex, c, parse) -> {
      if (debug) ex.printStackTrace();
      if (ex instanceof InsituException ie) {
        System.err.println("insitu: " + ie.getMessage());
        return ie.exitCode();
      }
      System.err.println("insitu: internal error: " + ex + (debug ? "" : " (run with --debug for the stack trace)"));
      return 1;
    });
    return cl.execute(args);
  }
}
