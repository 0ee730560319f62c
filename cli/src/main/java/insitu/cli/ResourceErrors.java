package insitu.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntSupplier;

/**
 * Running out of memory or stack is the model's size meeting the JVM's limits, not a bug: one
 * line (exit 3) with the model's size, the heap's limit and how to raise it, never a stack trace.
 */
final class ResourceErrors {
  private ResourceErrors() {}

  /** Runs the tool, turning OutOfMemoryError and StackOverflowError into that line. */
  static int guarded(String[] args, IntSupplier run) {
    try {
      return run.getAsInt();
    } catch (OutOfMemoryError | StackOverflowError e) {
      System.err.println("insitu: " + message(e, args, Runtime.getRuntime().maxMemory()));
      return 3;
    }
  }

  static String message(VirtualMachineError e, String[] args, long maxHeapBytes) {
    String model = largestFile(args);
    long mb = maxHeapBytes >> 20, suggest = Math.max(2048, Integer.highestOneBit((int) Math.min(mb, 1 << 20)) * 4);
    String more = "INSITU_JAVA_OPTS=-Xmx" + (suggest >= 1024 ? suggest / 1024 + "g" : suggest + "m");
    if (e instanceof StackOverflowError)
      return "ran out of stack" + model + "; the model may be too deeply nested: give the JVM a larger stack, e.g. "
          + "INSITU_JAVA_OPTS='-Xss64m " + more.substring("INSITU_JAVA_OPTS=".length()) + "' insitu " + String.join(" ", args);
    return "out of memory" + model + " with the JVM's heap limited to " + mb + " MB: give it more, e.g. " + more + " insitu "
        + String.join(" ", args);
  }

  private static final java.util.Set<String> OUTPUT_OPTIONS = java.util.Set.of("-o", "--output", "--out", "--report", "--png", "--onnx");

  /** " with MODEL (12.3 MB)" for the largest file among the arguments (outputs aside), or "". */
  private static String largestFile(String[] args) {
    Path best = null;
    long size = -1;
    for (int k = 0; k < args.length; k++) {
      String a = args[k];
      if (k > 0 && OUTPUT_OPTIONS.contains(args[k - 1])) continue; // a file this run writes, not the model
      try {
        Path p = Path.of(a);
        if (Files.isRegularFile(p) && Files.size(p) > size) {
          best = p;
          size = Files.size(p);
        }
      } catch (RuntimeException | java.io.IOException ignored) {
        // not a path: an option or a spec string
      }
    }
    if (best == null) return "";
    return size < 1_000_000 ? String.format(" with %s (%d kB)", best, (size + 999) / 1000) : String.format(" with %s (%.1f MB)", best, size / 1e6);
  }
}
