package insitu.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command's whole CPU time (user + system, every descendant it waited for), taken the way a shell
 * takes it: the command runs under {@code bash}, whose {@code times} writes the children's totals
 * to a file once the command has exited. Java sees a child's CPU only while it runs, and a
 * launcher's JVM or Python's worker threads are gone by then.
 */
final class ChildCpuTimes {
  private static final Pattern TIME = Pattern.compile("(\\d+)m([0-9]+(?:[.,][0-9]+)?)s");

  private ChildCpuTimes() {}

  /** {@code cmd} run under bash, which then writes its {@code times} to {@code timesFile}; the exit code is the command's. */
  static List<String> wrapped(List<String> cmd, String timesFile) {
    List<String> w = new ArrayList<>(List.of("bash", "-c", "\"$@\"; s=$?; times > \"$0\"; exit $s", timesFile));
    w.addAll(cmd);
    return w;
  }

  /**
   * The children's user + system seconds from the output of bash's {@code times} (two lines: the
   * shell's own two times, then its children's); NaN if it is not that.
   */
  static double childSeconds(String times) {
    String[] lines = times.strip().split("\\R");
    if (lines.length != 2) return Double.NaN;
    Matcher m = TIME.matcher(lines[1]);
    double total = 0;
    int found = 0;
    while (m.find()) {
      total += Integer.parseInt(m.group(1)) * 60.0 + Double.parseDouble(m.group(2).replace(',', '.'));
      found++;
    }
    return found == 2 ? Math.round(total * 1000) / 1000.0 : Double.NaN; // the shell prints milliseconds
  }
}
