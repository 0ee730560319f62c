package insitu.compiler;

import insitu.boards.BoardSpec;
import insitu.compiler.ir.Graph;
import insitu.compiler.onnx.OnnxDataType;
import insitu.compiler.onnx.OnnxGraph;
import insitu.compiler.onnx.OnnxModel;
import insitu.compiler.onnx.OnnxNode;
import insitu.compiler.onnx.OnnxTensor;
import insitu.errors.BadInputException;
import java.util.HashMap;
import java.util.Map;

/**
 * What compiling an ONNX model will take from the heap, estimated from its declared sizes before
 * any value is decoded, so that a model too big for the JVM is refused in one line up front
 * instead of running out of memory halfway.
 *
 * <p>FLOAT weights stay in the memory-mapped file and cost the heap nothing; what does cost it:
 * values decoded to doubles (8 bytes each: other element types, weights a BatchNormalization is
 * folded into, weights cut into groups or gates), the placement and its report (about a kilobyte per tile, a tile holding up to
 * rows/2 × cols weights) and a few words per target array. The constants are measured (the
 * decision record has the numbers) with about a factor two to spare.
 *
 * @param weights floating-point values of the initializers (the crossbar weights, roughly)
 * @param decoded values that will be held as doubles
 * @param bytes the estimated peak heap
 */
public record HeapEstimate(long weights, long decoded, long bytes) {
  private static final long BASE_BYTES = 24L << 20;
  private static final long BYTES_PER_TILE = 1024;
  private static final long BYTES_PER_ARRAY = 64;

  /** The estimate for compiling {@code model} onto {@code target}. */
  public static HeapEstimate of(OnnxModel model, BoardSpec target) {
    OnnxGraph g = model.graph();
    Map<String, Integer> copies = doubleCopies(g);
    long weights = 0, decoded = 0;
    for (OnnxTensor t : g.initializers()) {
      long n = Math.max(0, t.elementCount());
      OnnxDataType type = OnnxDataType.of(t.dataType());
      if (type == OnnxDataType.FLOAT || type == OnnxDataType.FLOAT16 || type == OnnxDataType.DOUBLE) weights += n;
      decoded += n * Math.max(type == OnnxDataType.FLOAT ? 0 : 1, copies.getOrDefault(t.name(), 0));
    }
    return new HeapEstimate(weights, decoded, bytes(weights, decoded, g.initializers().size(), target));
  }

  /** The estimate for compiling a graph already in memory (built in, or built in Java): its placement and the target's arrays. */
  public static HeapEstimate of(Graph graph, BoardSpec target) {
    long weights = graph.crossbarWeightCount();
    return new HeapEstimate(weights, 0, bytes(weights, 0, graph.initializers().size(), target));
  }

  private static long bytes(long weights, long decoded, int initializers, BoardSpec target) {
    // Two devices a weight; tiles are not all full: half again as many as a perfect packing.
    long tiles = 3 * weights / Math.max(1, (long) target.rows() * target.cols()) + initializers;
    return BASE_BYTES + 8 * decoded + BYTES_PER_TILE * tiles + BYTES_PER_ARRAY * target.arrays();
  }

  /** Refuses, in one line naming {@code source}, if the estimate exceeds {@code maxHeap} bytes. */
  public void require(String source, long maxHeap, BoardSpec target) {
    if (bytes <= maxHeap) return;
    throw new BadInputException(String.format("%s: compiling its %,d weights for %,d array(s) needs about %s of heap, more than"
        + " the JVM's %s: %s", source, weights, target.arrays(), megabytes(bytes), megabytes(maxHeap), moreHeap(bytes)));
  }

  /** How to give the JVM at least {@code bytes} of heap, in the launcher's terms. */
  public static String moreHeap(long bytes) {
    long gb = Math.max(1, (bytes + bytes / 4 + (1L << 30) - 1) >> 30);
    return "give it more, e.g. INSITU_JAVA_OPTS=-Xmx" + gb + "g";
  }

  static String megabytes(long bytes) {
    return String.format("%,d MB", (bytes + (1 << 20) - 1) >> 20);
  }

  /**
   * How many double copies of a FLOAT initializer compiling makes: one of a Conv or Gemm weight a
   * BatchNormalization is folded into; two of weights cut into parts (a grouped Conv's, a
   * ConvTranspose's, a recurrent op's gate matrices and biases: the whole as doubles, then the parts).
   */
  private static Map<String, Integer> doubleCopies(OnnxGraph g) {
    Map<String, OnnxNode> producer = new HashMap<>();
    for (OnnxNode n : g.nodes()) for (String o : n.outputs()) producer.put(o, n);
    Map<String, Integer> copies = new HashMap<>();
    for (OnnxNode n : g.nodes()) {
      switch (n.opType()) {
        case "BatchNormalization" -> {
          OnnxNode p = n.inputs().isEmpty() ? null : producer.get(n.inputs().get(0));
          if (p != null && (p.opType().equals("Conv") || p.opType().equals("Gemm")) && p.inputs().size() > 1)
            copies.merge(p.inputs().get(1), 1, Math::max);
        }
        case "Conv" -> {
          if (n.attribute("group").map(a -> a.i()).orElse(1L) > 1 && n.inputs().size() > 1) copies.merge(n.inputs().get(1), 2, Math::max);
        }
        case "ConvTranspose" -> {
          if (n.inputs().size() > 1) copies.merge(n.inputs().get(1), 2, Math::max);
        }
        case "LSTM", "GRU", "RNN" -> {
          for (int k = 1; k < Math.min(4, n.inputs().size()); k++) copies.merge(n.inputs().get(k), 2, Math::max);
        }
        default -> { }
      }
    }
    return copies;
  }
}
