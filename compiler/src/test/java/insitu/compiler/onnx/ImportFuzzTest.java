package insitu.compiler.onnx;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import insitu.compiler.Compiler;
import insitu.compiler.ModelSource;
import insitu.errors.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Never an internal error: the op-family models with their nodes' attributes and inputs edited at
 * random (values out of range, attributes dropped, inputs left out, the opset moved) compile or
 * are refused with a one-line BadInputException, nothing else.
 */
class ImportFuzzTest {
  private static final int MUTATIONS_PER_MODEL = 40;

  @Test
  void editedModelsCompileOrAreRefusedInOneLine() throws Exception {
    Path dir = Path.of(getClass().getResource("/onnx-families/manifest.json").toURI()).getParent();
    List<Path> models;
    try (Stream<Path> s = Files.list(dir)) {
      models = s.filter(p -> p.toString().matches(".*_op(9|11|17|21)\\.onnx")).sorted().toList();
    }
    Random random = new Random(16);
    assertTimeoutPreemptively(Duration.ofSeconds(240), () -> {
      int runs = 0, refused = 0;
      for (Path p : models) {
        OnnxModel original = OnnxReader.read(p);
        for (int k = 0; k < MUTATIONS_PER_MODEL; k++) {
          OnnxModel m = mutate(original, random);
          runs++;
          try {
            Compiler.standard().validating().load(new ModelSource.Onnx(m, p.getFileName() + "#" + k));
          } catch (BadInputException e) {
            refused++;
            if (e.getMessage().contains("\n")) fail(p.getFileName() + " #" + k + ": a refusal of more than one line: " + e.getMessage());
          } catch (Throwable other) {
            String where = java.util.Arrays.stream(other.getStackTrace()).limit(4).map(Object::toString).reduce("", (a, b) -> a + "\n    at " + b);
            fail(p.getFileName() + " #" + k + " threw " + other + where + "\n" + describe(m), other);
          }
        }
      }
      System.out.printf("import fuzz: %d edited models, %d refused in one line, the rest compiled%n", runs, refused);
    });
  }

  private static String describe(OnnxModel m) {
    StringBuilder b = new StringBuilder("opset " + m.defaultOpset());
    for (OnnxNode n : m.graph().nodes()) b.append("\n  ").append(n.opType()).append(n.inputs()).append(n.outputs()).append(n.attributes().values()
        .stream().map(a -> a.name() + "=" + (a.type() == OnnxAttribute.Type.INTS ? java.util.Arrays.toString(a.ints()) : a.type() == OnnxAttribute.Type.INT
        ? a.i() : a.type() == OnnxAttribute.Type.FLOAT ? a.f() : a.s())).toList());
    return b.toString();
  }

  /** One or two edits of one node (or of the opset). */
  private static OnnxModel mutate(OnnxModel m, Random r) {
    List<OnnxNode> nodes = new ArrayList<>(m.graph().nodes());
    Map<String, Long> opsets = new LinkedHashMap<>(m.opsetImports());
    for (int edits = 1 + r.nextInt(2); edits > 0; edits--) {
      if (r.nextInt(12) == 0) {
        opsets.put("", 9L + r.nextInt(13));
        continue;
      }
      int at = r.nextInt(nodes.size());
      OnnxNode n = nodes.get(at);
      Map<String, OnnxAttribute> attrs = new LinkedHashMap<>(n.attributes());
      List<String> ins = new ArrayList<>(n.inputs()), outs = new ArrayList<>(n.outputs());
      List<String> names = new ArrayList<>(attrs.keySet());
      switch (r.nextInt(5)) {
        case 0 -> { if (!names.isEmpty()) attrs.remove(names.get(r.nextInt(names.size()))); }
        case 1 -> { if (!ins.isEmpty()) ins.set(r.nextInt(ins.size()), ""); }
        case 2 -> { if (ins.size() > 1) ins.remove(ins.size() - 1); }
        case 3 -> { if (outs.size() > 1) outs.remove(outs.size() - 1); else outs.add(n.outputs().get(0) + "/extra"); }
        default -> {
          if (names.isEmpty()) break;
          OnnxAttribute a = attrs.get(names.get(r.nextInt(names.size())));
          attrs.put(a.name(), edited(a, r));
        }
      }
      nodes.set(at, new OnnxNode(n.name(), n.opType(), n.domain(), ins, outs, attrs));
    }
    OnnxGraph g = m.graph();
    return new OnnxModel(m.irVersion(), opsets, m.producerName(),
        new OnnxGraph(g.name(), nodes, g.initializers(), g.inputs(), g.outputs(), g.valueInfo()));
  }

  private static OnnxAttribute edited(OnnxAttribute a, Random r) {
    return switch (a.type()) {
      case INT -> OnnxModelBuilder.attr(a.name(), (long) (r.nextInt(9) - 3));
      case FLOAT -> OnnxModelBuilder.attr(a.name(), (float) (r.nextGaussian() * 2));
      case INTS -> {
        long[] v = a.ints();
        int len = Math.max(0, v.length + r.nextInt(3) - 1);
        long[] w = java.util.Arrays.copyOf(v, len);
        if (len > 0) w[r.nextInt(len)] = r.nextInt(9) - 3;
        yield OnnxModelBuilder.attr(a.name(), w);
      }
      case STRING -> OnnxModelBuilder.attr(a.name(), r.nextBoolean() ? "" : "SAME_UPPER");
      default -> a;
    };
  }
}
