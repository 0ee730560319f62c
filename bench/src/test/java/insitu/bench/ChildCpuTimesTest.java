package insitu.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildCpuTimesTest {

  @Test
  void childrenLineIsSummed() {
    assertEquals(65.52, ChildCpuTimes.childSeconds("0m0.004s 0m0.000s\n1m5.120s 0m0.400s\n"), 1e-9);
    assertEquals(0.0, ChildCpuTimes.childSeconds("0m0.000s 0m0.000s\n0m0.000s 0m0.000s"), 0);
    // A locale with a decimal comma.
    assertEquals(2.5, ChildCpuTimes.childSeconds("0m0,001s 0m0,000s\n0m2,000s 0m0,500s\n"), 1e-9);
  }

  @Test
  void anythingElseIsNaN() {
    assertTrue(Double.isNaN(ChildCpuTimes.childSeconds("")));
    assertTrue(Double.isNaN(ChildCpuTimes.childSeconds("0m0.004s 0m0.000s\n")));
    assertTrue(Double.isNaN(ChildCpuTimes.childSeconds("0m0.004s 0m0.000s\n5.1 0.4\n")));
  }

  /** A real shell: a child that burns CPU for a while shows it, and the command's exit code comes through. */
  @Test
  void bashReportsItsChildrenAndKeepsTheExitCode(@TempDir Path dir) throws Exception {
    Path times = dir.resolve("times");
    // Integer loop in a child shell (~1e5 iterations): some CPU, well under a second anywhere.
    List<String> cmd = ChildCpuTimes.wrapped(List.of("bash", "-c", "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done; exit 3"), times.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    assertEquals(3, p.exitValue());
    double cpu = ChildCpuTimes.childSeconds(Files.readString(times));
    assertTrue(cpu > 0, "the child's CPU seconds: " + Files.readString(times));
  }
}
