package insitu.bench;

import java.util.ArrayList;
import java.util.List;

/** The command line of a child JVM that runs the CLI as {@code ./insitu} would (through {@link DemoChild}, which also reports its peak heap). */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * {@code java [--add-modules jdk.incubator.vector] jvmOptions -cp <ours> DemoChild cliArgs}; the
   * module when {@code vector} and this JVM has it (the launcher adds it for train, not for the demo).
   */
  static List<String> cli(boolean vector, List<String> jvmOptions, List<String> cliArgs) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    if (vector && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), DemoChild.class.getName()));
    cmd.addAll(cliArgs);
    return cmd;
  }
}
