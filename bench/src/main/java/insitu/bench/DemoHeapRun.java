package insitu.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo (the same options as {@code insitu demo}) in a child JVM with a fixed small heap:
 * whether it completes, its wall time, accuracy and peak heap.
 */
final class DemoHeapRun {
  record Result(boolean completed, double seconds, double accuracy, double peakHeapMb) {}

  private DemoHeapRun() {}

  static Result run(String maxHeap, int epochs, long seed, Path workDir) throws IOException, InterruptedException {
    List<String> cmd = ChildJvm.cli(List.of("-Xmx" + maxHeap), List.of("train", "--seed", Long.toString(seed), "--epochs",
        Integer.toString(epochs), "--json", "--quiet", "--out", workDir.resolve("demo-run").toString()));
    Path out = workDir.resolve("demo.out");
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    boolean done = p.waitFor(15, TimeUnit.MINUTES);
    double secs = (System.nanoTime() - t0) / 1e9;
    if (!done) {
      p.destroyForcibly();
      return new Result(false, secs, Double.NaN, Double.NaN);
    }
    double accuracy = Double.NaN, peak = Double.NaN;
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      if (line.startsWith("peak_heap_bytes=")) peak = Long.parseLong(line.substring(16)) / 1048576.0;
      else if (line.startsWith("{")) {
        JsonObject o = JsonParser.parseString(line).getAsJsonObject();
        if (o.has("accuracy")) accuracy = o.get("accuracy").getAsDouble();
      }
    }
    return new Result(p.exitValue() == 0, secs, accuracy, peak);
  }
}
