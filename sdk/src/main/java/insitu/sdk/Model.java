package insitu.sdk;

import insitu.boards.Board;
import insitu.boards.BoardSpec;
import insitu.compiler.artifact.ArtifactWriter;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Tensor;
import insitu.compiler.mapping.Placement;
import insitu.errors.BadInputException;
import insitu.errors.UsageException;
import insitu.runtime.session.Session;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A model ready to deploy: its graph of operations and crossbar weights, and, when it came from a
 * {@code .xbar} artifact or was read back from a board, where its weights live on that target.
 * Immutable.
 */
public final class Model {
  private final String name;
  private final Graph graph;
  private final Placement placement;
  private final BoardSpec target;

  Model(String name, Graph graph) {
    this(name, graph, null, null);
  }

  Model(String name, Graph graph, Placement placement, BoardSpec target) {
    this.name = name;
    this.graph = graph;
    this.placement = placement;
    this.target = target;
  }

  /** The name the model was loaded by: a built-in name or the file as given. */
  public String name() {
    return name;
  }

  /** The compiled graph (for inspection; the SDK never mutates it). */
  public Graph graph() {
    return graph;
  }

  /** Number of weights that live on crossbars. */
  public int weightCount() {
    return graph.crossbarWeightCount();
  }

  /** Name of the model's input (as the ONNX file or the builder named it). */
  public String inputName() {
    return graph.input().name();
  }

  /** Names of the model's outputs, in graph order; the last is the class scores. */
  public java.util.List<String> outputNames() {
    return graph.outputs();
  }

  /** Shape of one input sample, e.g. [1, 8, 8]. */
  public int[] inputShape() {
    return graph.input().sampleShape();
  }

  /** Where the weights live on the target, or null (package use: attaching to a board). */
  Placement placement() {
    return placement;
  }

  /** The board this model was compiled for or read back from; empty for built-in and ONNX models. */
  public Optional<BoardSpec> target() {
    return Optional.ofNullable(target);
  }

  /**
   * Every named parameter (crossbar weights and digital ones such as biases) as flat row-major
   * values, in the graph's order. The arrays are copies: changing them changes nothing here.
   */
  public Map<String, double[]> parameters() {
    Map<String, double[]> p = new LinkedHashMap<>();
    for (var e : graph.initializers().entrySet()) p.put(e.getKey(), e.getValue().data().clone());
    return p;
  }

  /**
   * The same model with some parameters replaced (e.g. averaged over several boards); names must
   * exist and sizes match, values must be finite. Target and placement are kept.
   */
  public Model withParameters(Map<String, double[]> values) {
    Map<String, Tensor> inits = new LinkedHashMap<>(graph.initializers());
    for (var e : values.entrySet()) {
      Tensor old = inits.get(e.getKey());
      if (old == null) throw new BadInputException("model '" + name + "' has no parameter '" + e.getKey() + "'");
      double[] v = e.getValue();
      if (v.length != old.size())
        throw new BadInputException("parameter '" + e.getKey() + "' of model '" + name + "' has " + old.size() + " values, got " + v.length);
      for (double x : v) if (!Double.isFinite(x)) throw new BadInputException("parameter '" + e.getKey() + "' has a non-finite value");
      inits.put(e.getKey(), new Tensor(old.shape(), v.clone()));
    }
    return new Model(name, graph.withInitializers(inits), placement, target);
  }

  /**
   * Writes the model as a {@code .xbar} artifact for its {@link #target()} and placement, signed
   * with an Ed25519 key unless {@code signingKey} is null; the file appears atomically. A model
   * without a target (built-in, ONNX) needs {@code insitu compile} instead.
   */
  public void save(Path file, PrivateKey signingKey) {
    if (placement == null || target == null)
      throw new UsageException("model '" + name + "' has no target board yet: compile it (insitu compile --target SPEC) first");
    ArtifactWriter.write(graph, placement, target, null, file, signingKey);
  }

  /** Deploys on a board opened from a spec string; the deployed model owns and closes the board. */
  public DeployedModel deploy(String boardSpec) {
    return deploy(boardSpec, DeployOptions.defaults());
  }

  /** Deploys on a board opened from a spec string, as the options say; the deployed model owns and closes the board. */
  public DeployedModel deploy(String boardSpec, DeployOptions options) {
    return DeployedModel.deploy(this, Session.open(boardSpec, 1), boardSpec, options);
  }

  /** Deploys on a board the caller owns (and closes). */
  public DeployedModel deploy(Board board, DeployOptions options) {
    return DeployedModel.deploy(this, Session.on(board), null, options);
  }
}
