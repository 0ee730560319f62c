package insitu.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Main of the child JVM that {@link DemoHeapRun} starts with a small heap: runs the CLI with the
 * given arguments, then prints the lines {@code peak_heap_bytes=N} (sum of the heap pools' peaks) and
 * {@code cpu_nanos=N} (the CPU time it used).
 */
public final class DemoChild {
  private DemoChild() {}

  public static void main(String[] args) {
    int code = insitu.cli.Main.execute(args);
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
      if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
    System.out.println("peak_heap_bytes=" + peak);
    System.out.println("cpu_nanos=" + ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L));
    System.exit(code);
  }
}
