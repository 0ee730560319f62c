package insitu.sdk;

import insitu.boards.Board;
import insitu.compiler.InputRange;
import insitu.compiler.ir.Graph;
import java.util.Optional;
import insitu.numeric.parallel.Workers;
import insitu.sdk.job.TrainJob;

/** A model ready to deploy: its graph of operations and crossbar weights. Immutable. */
public final class Model {
  private final String name;
  private final Graph graph;
  private final InputRange inputRange;

  Model(String name, Graph graph) {
    this(name, graph, null);
  }

  /** @param inputRange the input range the model declares, or null */
  Model(String name, Graph graph, InputRange inputRange) {
    this.name = name;
    this.graph = graph;
    this.inputRange = inputRange;
  }

  /** The name the model was loaded by: a built-in name or the file as given. */
  public String name() {
    return name;
  }

  /** The compiled graph (for inspection; the SDK never mutates it). */
  public Graph graph() {
    return graph;
  }

  /**
   * The range of input values the model was trained on, when it declares one (zoo models, ONNX
   * files with {@code insitu.input_range} metadata, artifacts compiled from them; [0, 1] for the
   * built-in models). {@link Insitu#data(String, Model)} feeds data sets accordingly.
   */
  public Optional<InputRange> inputRange() {
    return Optional.ofNullable(inputRange);
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
