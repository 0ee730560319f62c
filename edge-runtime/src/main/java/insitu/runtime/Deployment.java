package insitu.runtime;

import insitu.boards.Board;
import insitu.compiler.Compiler;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Node;
import insitu.compiler.ir.Op;
import insitu.compiler.ir.Tensor;
import insitu.compiler.ir.WeightMatrix;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.MappingOptions;
import insitu.compiler.mapping.Placement;
import insitu.compiler.mapping.Target;
import insitu.numeric.parallel.Workers;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.exec.GraphExecutor;
import insitu.runtime.program.OpenLoopProgrammer;
import java.util.LinkedHashMap;
import java.util.Map;

/** A graph whose weights live on a board: the placement plus one {@link CrossbarBlock} per weight. */
public final class Deployment {
  private final Board board;
  private final Workers workers;
  private final Graph graph;
  private final Placement placement;
  private final Map<String, CrossbarBlock> blocks = new LinkedHashMap<>();

  /**
   * @param workers the threads the blocks and the executors' kernels may use; the caller closes
   *     them once the deployment is no longer used
   */
  public Deployment(Board board, Workers workers, Graph graph, Placement placement) {
    this.board = board;
    this.workers = workers;
    this.graph = graph;
    this.placement = placement;
    for (BlockPlacement b : placement.blocks()) blocks.put(b.weight(), new CrossbarBlock(board, b, workers));
  }

  /**
   * The graph placed by the compiler on the board's spec with these options (nothing is programmed
   * yet); a calibrated board's placement comes from {@code Compiler.map} with its calibration.
   */
  public static Deployment map(Board board, Workers workers, Graph graph, MappingOptions options) {
    return new Deployment(board, workers, graph,
        Compiler.standard().withMappingOptions(options).map(graph, Target.of(board.spec())).placement());
  }

  public Board board() { return board; }
  public Workers workers() { return workers; }
  public Graph graph() { return graph; }
  public Placement placement() { return placement; }
  public Map<String, CrossbarBlock> blocks() { return blocks; }

  /** A fresh executor over this deployment (one per thread). */
  public GraphExecutor executor() {
    return new GraphExecutor(graph, blocks, workers);
  }

  /** The paper's initialization of every block: RESET all, SET all at vg0, read back. */
  public void initializeUniform(GateResponse response, double vg0) {
    OpenLoopProgrammer p = new OpenLoopProgrammer(response);
    for (CrossbarBlock b : blocks.values()) p.initializeUniform(b, vg0);
  }

  /** Programs the graph's own weights open loop around vg0 and reads them back. */
  public void programOpenLoop(GateResponse response, double vg0) {
    OpenLoopProgrammer p = new OpenLoopProgrammer(response);
    for (CrossbarBlock b : blocks.values()) p.programWeights(b, graph.weightMatrix(b.name()).values(), vg0);
  }

  /**
   * Programs the graph's own weights closed loop (write-verify) onto every block, all blocks
   * sharing each round's pulse batches, and reads them back.
   */
  public insitu.runtime.program.ProgramReport programWriteVerify(GateResponse response, insitu.runtime.program.WriteVerifyOptions options) {
    Map<CrossbarBlock, double[]> targets = new LinkedHashMap<>();
    for (CrossbarBlock b : blocks.values()) targets.put(b, graph.weightMatrix(b.name()).values());
    return new insitu.runtime.program.WriteVerifyProgrammer(response, options).program(targets);
  }

  /** Re-reads every block from the board. */
  public void readBack() {
    for (CrossbarBlock b : blocks.values()) b.readBack();
  }

  /**
   * The graph with every crossbar weight replaced by the weights last read from the board and the
   * given digital parameters (e.g. trained biases): what the board actually computes.
   */
  public Graph measuredGraph(Map<String, double[]> digital) {
    Map<String, double[]> read = new LinkedHashMap<>();
    for (CrossbarBlock b : blocks.values()) read.put(b.name(), b.weights());
    return measuredGraph(graph, read, digital);
  }

  /**
   * {@code graph} with its crossbar weights replaced by {@code weights} (per weight, outputs ×
   * inputs, as read back) and its digital parameters by {@code digital}.
   */
  public static Graph measuredGraph(Graph graph, Map<String, double[]> weights, Map<String, double[]> digital) {
    Map<String, Tensor> inits = graph.mutableInitializers();
    for (var e : weights.entrySet()) {
      Tensor t = inits.get(e.getKey());
      if (t == null || t.size() != e.getValue().length)
        throw new IllegalArgumentException("graph has no crossbar weight '" + e.getKey() + "' of " + e.getValue().length + " values");
      inits.put(e.getKey(), new Tensor(t.shape(), toInitializerLayout(graph, e.getKey(), e.getValue())));
    }
    for (var e : digital.entrySet()) {
      Tensor t = inits.get(e.getKey());
      if (t == null || t.size() != e.getValue().length)
        throw new IllegalArgumentException("graph has no parameter '" + e.getKey() + "' of " + e.getValue().length + " values");
      inits.put(e.getKey(), new Tensor(t.shape(), e.getValue().clone()));
    }
    return graph.withInitializers(inits);
  }

  /** Inverse of {@link Graph#weightMatrix}: outputs × inputs back to the initializer's own layout. */
  private static double[] toInitializerLayout(Graph graph, String weight, double[] m) {
    WeightMatrix wm = graph.weightMatrix(weight);
    for (Node n : graph.nodes()) {
      if (n.inputs().size() < 2 || !n.input(1).equals(weight)) continue;
      boolean transposed = n.op() instanceof Op.MatMul || n.op() instanceof Op.Gemm g && !g.transB();
      if (!transposed) return m.clone();
      double[] t = new double[m.length];
      for (int o = 0; o < wm.outputs(); o++)
        for (int i = 0; i < wm.inputs(); i++) t[i * wm.outputs() + o] = m[o * wm.inputs() + i];
      return t;
    }
    return m.clone();
  }
}
