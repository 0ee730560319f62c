package insitu.sdk;

import insitu.boards.Board;
import insitu.compiler.ir.Graph;
import insitu.numeric.parallel.Workers;
import insitu.sdk.job.TrainJob;

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
    Workers workers = Workers.perCore();
    try {
      Board b = TrainJob.openBoard(boardSpec, 1, workers);
      try {
        return DeployedModel.deploy(this, b, boardSpec, true, workers, options);
      } catch (RuntimeException e) {
        b.close();
        throw e;
      }
    } catch (RuntimeException e) {
      workers.close();
      throw e;
    }
  }

  /** Deploys on a board the caller owns (and closes). */
  public DeployedModel deploy(Board board, DeployOptions options) {
    Workers workers = Workers.perCore();
    try {
      return DeployedModel.deploy(this, board, null, false, workers, options);
    } catch (RuntimeException e) {
      workers.close();
      throw e;
    }
  }
}
