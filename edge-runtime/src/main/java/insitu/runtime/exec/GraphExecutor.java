package insitu.runtime.exec;

import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.Tensor;
import insitu.errors.BadInputException;
import insitu.numeric.parallel.Workers;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.ops.AnalogConvKernel;
import insitu.runtime.ops.AnalogDenseKernel;
import insitu.runtime.ops.Kernel;
import insitu.runtime.ops.KernelFactory;
import insitu.runtime.tensor.NDArray;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a graph forward (analog MVMs on the board, everything else digital) and backward
 * (reverse-mode over the same nodes). Gradients of a crossbar weight are summed over every node
 * that uses it, so unrolled recurrent graphs get backpropagation through time for free. Not
 * thread-safe: one executor per thread of work.
 */
public final class GraphExecutor {
  private final Graph graph;
  private final Workers workers;
  private final Map<String, Integer> slots = new HashMap<>();
  private final List<Kernel> kernels = new ArrayList<>();
  private final Map<String, double[]> weightGrads = new LinkedHashMap<>();
  private final Map<String, Integer> digitalParams = new LinkedHashMap<>();
  private final NDArray[] constants;
  private final int inputSlot;
  private final int[] outputSlots;
  private Frame frame;
  private boolean[] needsGrad;
  private final int[] keptSlots; // input and outputs: their arrays stay with the caller

  /** @param workers the threads the kernels may use (the blocks bring their own) */
  public GraphExecutor(Graph graph, Map<String, CrossbarBlock> blocks, Workers workers) {
    this.graph = graph;
    this.workers = workers;
    inputSlot = slot(graph.input().name());
    for (String name : graph.initializers().keySet()) slot(name);
    for (String w : graph.crossbarWeights()) {
      CrossbarBlock b = blocks.get(w);
      if (b == null) throw new IllegalArgumentException("no crossbar block deployed for weight '" + w + "'");
      weightGrads.put(w, new double[b.outputs() * b.inputs()]);
    }
    for (Node n : graph.nodes()) {
      int[] ins = n.inputs().stream().mapToInt(s -> s.isEmpty() ? -1 : slot(s)).toArray();
      int[] outs = n.outputs().stream().mapToInt(this::slot).toArray();
      kernels.add(kernelFor(n, ins, outs, blocks));
    }
    needsGrad = gradientFlow(false);
    constants = new NDArray[slots.size()];
    for (var e : graph.initializers().entrySet()) {
      Tensor t = e.getValue();
      constants[slots.get(e.getKey())] = new NDArray(t.shape().clone(), t.data().clone());
    }
    outputSlots = graph.outputs().stream().mapToInt(o -> {
      Integer s = slots.get(o);
      if (s == null) throw new BadInputException("graph output '" + o + "' is not produced by any node");
      return s;
    }).toArray();
    keptSlots = java.util.stream.IntStream.concat(java.util.stream.IntStream.of(inputSlot), java.util.Arrays.stream(outputSlots)).toArray();
  }

  private int slot(String name) {
    return slots.computeIfAbsent(name, k -> slots.size());
  }

  private Kernel kernelFor(Node n, int[] ins, int[] outs, Map<String, CrossbarBlock> blocks) {
    Op op = n.op();
    if (op instanceof Op.Conv c) {
      CrossbarBlock b = analogBlock(n, blocks);
      int bias = biasSlot(n, ins, 2);
      return new AnalogConvKernel(n.name(), b, weightGrads.get(n.input(1)), c.kernel(), c.strides(), c.pads(), c.dilations(),
          ins[0], bias, outs[0]);
    }
    if (op instanceof Op.Gemm g) {
      if (g.transA()) throw new BadInputException("node '" + n.name() + "': Gemm with transA=1 is not supported");
      CrossbarBlock b = analogBlock(n, blocks);
      return new AnalogDenseKernel(n.name(), b, weightGrads.get(n.input(1)), g.alpha(), g.beta(), ins[0], biasSlot(n, ins, 2), outs[0]);
    }
    if (op instanceof Op.MatMul) {
      CrossbarBlock b = analogBlock(n, blocks);
      return new AnalogDenseKernel(n.name(), b, weightGrads.get(n.input(1)), 1, 1, ins[0], -1, outs[0]);
    }
    // A digital op's trainable inputs (a PRelu slope, a normalization's scale and bias) train like biases.
    for (int k = 0; k < ins.length; k++)
      if (ins[k] >= 0 && op.trainable(k) && graph.initializers().containsKey(n.input(k))) digitalParams.put(n.input(k), ins[k]);
    return KernelFactory.digital(n, ins, outs);
  }

  private int biasSlot(Node n, int[] ins, int index) {
    if (ins.length <= index || ins[index] < 0) return -1;
    digitalParams.put(n.input(index), ins[index]);
    return ins[index];
  }

  private CrossbarBlock analogBlock(Node n, Map<String, CrossbarBlock> blocks) {
    if (n.inputs().size() < 2 || !graph.initializers().containsKey(n.input(1)))
      throw new BadInputException("node '" + n.name() + "' (" + n.op().type()
          + "): its weight is computed at run time; only constant weights can live on a crossbar");
    return blocks.get(n.input(1));
  }

  public Graph graph() {
    return graph;
  }

  /** Runs the graph on a batch; returns the first output. The frame is kept for {@link #backward}. */
  public NDArray forward(NDArray input) {
    checkInputShape(input.shape());
    frame = new Frame(slots.size(), needsGrad, frame, keptSlots, constants, workers);
    System.arraycopy(constants, 0, frame.values, 0, constants.length);
    for (double v : input.data())
      if (Double.isNaN(v) || Double.isInfinite(v)) throw new BadInputException("input contains NaN or infinite values");
    frame.values[inputSlot] = input;
    for (Kernel k : kernels) {
      try {
        k.forward(frame);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(k.describe() + ": " + e.getMessage(), e);
      }
    }
    return frame.values[outputSlots[0]];
  }

  /** A wrong sample shape fails here in one clear line instead of deep inside some kernel. */
  private void checkInputShape(int[] shape) {
    int[] expected = graph.input().shape();
    boolean ok = shape.length == expected.length;
    for (int i = 1; ok && i < shape.length; i++) ok = expected[i] < 0 || shape[i] == expected[i];
    if (!ok)
      throw new BadInputException("input has shape " + java.util.Arrays.toString(shape) + " but the model expects [batch, "
          + java.util.Arrays.toString(graph.input().sampleShape()).substring(1) + " (one sample "
          + java.util.Arrays.toString(graph.input().sampleShape()) + ")");
  }

  /** All outputs of the last forward pass, in graph order. */
  public List<NDArray> outputs() {
    List<NDArray> r = new ArrayList<>();
    for (int s : outputSlots) r.add(frame.values[s]);
    return r;
  }

  /**
   * Value of any named tensor of the last forward pass (for debugging and per-step outputs). An
   * intermediate value is valid until the next {@link #forward}, which may reuse its array; copy
   * it to keep it.
   */
  public NDArray value(String name) {
    Integer s = slots.get(name);
    return s == null ? null : frame.values[s];
  }

  /**
   * Backpropagates the gradients of the outputs through the last forward pass; accumulates into
   * {@link #weightGradients()} and {@link #digitalGradient(String)}.
   */
  public void backward(List<NDArray> outputGrads) {
    frame.clearGrads();
    for (int i = 0; i < outputGrads.size(); i++) if (outputGrads.get(i) != null) frame.addGrad(outputSlots[i], outputGrads.get(i));
    for (int i = kernels.size() - 1; i >= 0; i--) kernels.get(i).backward(frame);
    for (var e : digitalParams.entrySet()) {
      NDArray g = frame.grad(e.getValue());
      double[] acc = digitalGrads.computeIfAbsent(e.getKey(), k -> new double[constants[e.getValue()].size()]);
      if (g != null) for (int i = 0; i < acc.length; i++) acc[i] += g.data()[i];
    }
  }

  private final Map<String, double[]> digitalGrads = new LinkedHashMap<>();

  /** Which slots need a gradient: those downstream of a weight, a trainable bias or (optionally) the input. */
  private boolean[] gradientFlow(boolean throughInput) {
    boolean[] flow = new boolean[slots.size()];
    flow[inputSlot] = throughInput;
    for (String p : digitalParams.keySet()) flow[slots.get(p)] = true;
    for (Node n : graph.nodes()) {
      boolean any = n.op() instanceof Op.Conv || n.op() instanceof Op.Gemm || n.op() instanceof Op.MatMul;
      for (String in : n.inputs()) if (!in.isEmpty() && flow[slots.get(in)]) any = true;
      if (any) for (String out : n.outputs()) flow[slots.get(out)] = true;
    }
    return flow;
  }

  /**
   * Throws if a non-differentiable op lies between a trainable parameter and an output, naming
   * the op and node: training such a graph would silently freeze everything upstream of it.
   */
  public void checkTrainable() {
    for (Node n : graph.nodes()) {
      if (n.op().differentiable()) continue;
      for (String in : n.inputs())
        if (!in.isEmpty() && needsGrad[slots.get(in)])
          throw new BadInputException("cannot train: node '" + n.name() + "' (" + n.op().type()
              + ") is not differentiable and lies between a trainable weight and the output; evaluate the model with"
              + " 'insitu eval', or re-export it without " + n.op().type());
    }
  }

  /**
   * Makes {@link #backward} also compute dL/d(input) (training never needs it, so by default the
   * first layer skips that work).
   */
  public void enableInputGradient() {
    needsGrad = gradientFlow(true);
  }

  /** dL/d(input) of the last {@link #backward} (null if nothing flowed back): for gradient checks and saliency. */
  public NDArray inputGradient() {
    return frame == null ? null : frame.grad(inputSlot);
  }

  /** dL/dW per crossbar weight (outputs × inputs), accumulated since the last {@link #zeroGradients()}. */
  public Map<String, double[]> weightGradients() {
    return weightGrads;
  }

  /** Names of the digital trainable parameters (biases, slopes, normalization scales). */
  public List<String> digitalParameters() {
    return new ArrayList<>(digitalParams.keySet());
  }

  public double[] digitalGradient(String name) {
    return digitalGrads.computeIfAbsent(name, k -> new double[constants[digitalParams.get(k)].size()]);
  }

  /** The live value of a digital parameter; the optimizer updates it in place. */
  public double[] digitalValue(String name) {
    return constants[digitalParams.get(name)].data();
  }

  public void zeroGradients() {
    for (double[] g : weightGrads.values()) java.util.Arrays.fill(g, 0);
    for (double[] g : digitalGrads.values()) java.util.Arrays.fill(g, 0);
  }
}
