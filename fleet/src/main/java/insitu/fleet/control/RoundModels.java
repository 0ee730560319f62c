package insitu.fleet.control;

import insitu.errors.InsituException;
import insitu.fleet.wire.RoundResult;
import insitu.sdk.Insitu;
import insitu.sdk.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the devices' read-back models into the next model: each result is checked like any
 * artifact (digests, structure) and against the base (same parameters, same sizes, finite
 * values) before it counts; a result that fails is reported, never averaged in.
 */
final class RoundModels implements AutoCloseable {
  private final Path dir;
  private final Model base;
  private final List<RoundResult> accepted = new ArrayList<>();
  private final List<Map<String, double[]>> parameters = new ArrayList<>();
  private final Map<String, String> rejected = new LinkedHashMap<>();

  RoundModels(byte[] baseArtifact) throws IOException {
    dir = Files.createTempDirectory("insitu-round-");
    base = load(baseArtifact, "base.xbar");
  }

  private Model load(byte[] artifact, String name) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, artifact);
    return Insitu.load(p.toString());
  }

  void offer(RoundResult r) {
    try {
      Map<String, double[]> p = load(r.model(), r.device() + ".xbar").parameters();
      Map<String, double[]> want = base.parameters();
      if (!p.keySet().equals(want.keySet())) throw new IllegalArgumentException("its parameters are not the base model's");
      for (var e : want.entrySet()) {
        double[] v = p.get(e.getKey());
        if (v.length != e.getValue().length) throw new IllegalArgumentException("parameter " + e.getKey() + " has another size");
        if (!Arrays.stream(v).allMatch(Double::isFinite)) throw new IllegalArgumentException("parameter " + e.getKey() + " is not finite");
      }
      accepted.add(r);
      parameters.add(p);
    } catch (IOException | InsituException | IllegalArgumentException e) {
      rejected.put(r.device(), e.getMessage());
    }
  }

  List<RoundResult> accepted() {
    return accepted;
  }

  Map<String, String> rejected() {
    return rejected;
  }

  /** The base model with the combined parameters, written (signed when a key is given) and read back as bytes. */
  byte[] combine(WeightAggregator aggregator, java.security.PrivateKey key, Path copy) throws IOException {
    double[] weights = accepted.stream().mapToDouble(RoundResult::samples).toArray();
    Model next = base.withParameters(aggregator.combine(parameters, weights));
    Path out = dir.resolve("next.xbar");
    next.save(out, key);
    byte[] bytes = Files.readAllBytes(out);
    if (copy != null) next.save(copy, key);
    return bytes;
  }

  @Override public void close() {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A temporary directory; the system cleans it eventually.
    }
  }
}
