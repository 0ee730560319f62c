package insitu.sdk;

import insitu.boards.Board;
import insitu.compiler.ir.Graph;
import insitu.runtime.session.Session;

/** A model ready to deploy: its graph of operations and crossbar weights. Immutable. */
public final class Model {
  private final String name;
  private final Graph graph;

  Model(String name, Graph graph) {
    this.name = name;
    this.graph = graph;
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
