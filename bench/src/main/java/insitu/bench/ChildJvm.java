package insitu.bench;

import java.util.ArrayList;
import java.util.List;

/** The command line of a child JVM that runs the CLI as {@code ./insitu} would (through {@link DemoChild}, which also reports its peak heap). */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * The JVM options the launcher starts the tool with ({@code INSITU_JVM_DEFAULTS}, which it sets):
   * none when this JVM was not started by the launcher (a test).
   */
  static List<String> launcherDefaults() {
    String defaults = System.getenv("INSITU_JVM_DEFAULTS");
    return defaults == null || defaults.isBlank() ? List.of() : List.of(defaults.trim().split("\\s+"));
  }

  /**
   * {@code java jvmOptions -cp <ours> DemoChild cliArgs}: without the Vector API module, as the
   * launcher starts `train` of the paper's models and the demo.
   */
  static List<String> cli(List<String> jvmOptions, List<String> cliArgs) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), DemoChild.class.getName()));
    cmd.addAll(cliArgs);
    return cmd;
  }
}
