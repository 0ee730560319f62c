package insitu.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Main of the child JVM that {@link DemoHeapRun} starts with a small heap: runs the CLI with the
 * given arguments, then prints one line {@code peak_heap_bytes=N} (sum of the heap pools' peaks).
 */
public final class DemoChild {
  private DemoChild() {}

  public static void main(String[] args) {
    int code = insitu.cli.Main.execute(args);
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
      if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
    System.out.println("peak_heap_bytes=" + peak);
    System.exit(code);
  }
}
