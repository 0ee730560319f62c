package insitu.runtime.session;

import insitu.boards.Board;
import insitu.boards.Region;
import insitu.boards.capability.StateSnapshots;
import insitu.boards.capability.VirtualClock;
import insitu.compiler.Compiler;
import insitu.compiler.artifact.ArtifactWriter;
import insitu.compiler.artifact.ModelNotes;
import insitu.compiler.ir.Graph;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.Mapping;
import insitu.compiler.mapping.Placement;
import insitu.compiler.mapping.Target;
import insitu.compiler.mapping.Tile;
import insitu.errors.BadInputException;
import insitu.numeric.parallel.Workers;
import insitu.runtime.Deployment;
import insitu.runtime.calibrate.CalibratedDeployment;
import insitu.runtime.calibrate.Calibration;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.program.ProgramReport;
import insitu.runtime.program.WriteVerifyOptions;
import insitu.runtime.train.Trainer;
import insitu.runtime.train.TrainerState;
import insitu.runtime.train.TrainingOptions;
import insitu.runtime.train.UpdateConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.tinylog.Logger;

/**
 * A model at work on a board: the board and the threads it computes on, the deployment (graph,
 * placement, crossbar blocks) with the board's calibration, how the weights got onto the board,
 * and the trainer that keeps them learning. Every command that programs a board (train, resume,
 * finetune, eval), the SDK's deployed models and the bench work through one.
 *
 * <p>A session is opened on a board, then deploys one model ({@link #map}, {@link #deploy}),
 * programs it ({@link #program}) or puts a saved state back ({@link #restoreBoard},
 * {@link #resume}), and may train ({@link #train}). Closing it closes what it opened.
 */
public final class Session implements AutoCloseable {
  /** Gate voltage of the paper's initialization on its devices (all devices SET here). */
  public static final double VG0 = 1.6;

  private final Board board;
  private final boolean ownsBoard;
  private final Workers workers;
  private final boolean ownsWorkers;
  private Deployment deployment;
  private Calibration calibration;
  private GateResponse response = GateResponse.paper();
  private Trainer trainer;
  private boolean boardRestored;

  private Session(Board board, boolean ownsBoard, Workers workers, boolean ownsWorkers) {
    this.board = board;
    this.ownsBoard = ownsBoard;
    this.workers = workers;
    this.ownsWorkers = ownsWorkers;
  }

  /** Opens the board of a spec on workers of its own; the session closes both. */
  public static Session open(String boardSpec, long seed) {
    Workers w = Workers.perCore();
    try {
      return new Session(Boards.open(boardSpec, seed, w), true, w, true);
    } catch (RuntimeException e) {
      w.close();
      throw e;
    }
  }

  /** Opens the board of a spec on the caller's workers (closed by the caller, after the session). */
  public static Session open(String boardSpec, long seed, Workers workers) {
    return new Session(Boards.open(boardSpec, seed, workers), true, workers, false);
  }

  /** Works on a board the caller opened (and closes, after the session), with workers of its own. */
  public static Session on(Board board) {
    return new Session(board, false, Workers.perCore(), true);
  }

  public Board board() { return board; }
  public Workers workers() { return workers; }

  /** The board's calibration the model was deployed with, or null (the paper's devices). */
  public Calibration calibration() { return calibration; }

  /** What the session believes about the devices' SET response: the calibration's, or the paper's. */
  public GateResponse response() { return response; }

  /** The compile target of a board: its spec, with its calibration when there is one. */
  public static Target target(insitu.boards.BoardSpec spec, Calibration cal) {
    return cal == null ? Target.of(spec) : Target.of(spec).calibrated(cal.targetCalibration());
  }

  /** Where the compiler places a lowered graph on this board (with a calibration: around its defects, with copies). */
  public Mapping map(Graph graph, Calibration cal) {
    return Compiler.standard().map(graph, target(board.spec(), cal));
  }

  /**
   * Deploys a graph at a placement (nothing is programmed yet).
   *
   * @param cal the board's calibration (gate response, window, stuck devices), or null for the paper's devices
   */
  public Deployment deploy(Graph graph, Placement placement, Calibration cal) {
    if (deployment != null) throw new IllegalStateException("a session deploys one model");
    calibration = cal;
    response = cal == null ? GateResponse.paper() : cal.gateResponse();
    deployment = new Deployment(board, workers, graph, placement);
    return deployment;
  }

  /** The deployed model. */
  public Deployment deployment() {
    if (deployment == null) throw new IllegalStateException("nothing deployed yet");
    return deployment;
  }

  /** The gate of weight 0 (both devices of a pair): the paper's Vg0, or the calibrated window's centre. */
  public double centerGateVolts() {
    return calibration == null ? VG0 : response.gateFor(calibration.centerSiemens());
  }

  /** Closed-loop programming around weight 0's conductance: the calibration's, or the paper devices' defaults. */
  public WriteVerifyOptions writeVerifyOptions() {
    return calibration == null ? WriteVerifyOptions.defaults(response.conductanceAt(VG0)) : calibration.writeVerifyOptions();
  }

  /** Puts the deployed weights onto the board as {@code how} says. */
  public Programmed program(Programming how) {
    Deployment d = deployment();
    long before = board.counters().pulses();
    double vg0 = centerGateVolts();
    if (how instanceof Programming.PaperInit) {
      String description = PaperInitialization.apply(d, response, vg0);
      return new Programmed(description, null, board.counters().pulses() - before);
    }
    if (how instanceof Programming.Attach) {
      d.readBack();
      return new Programmed("attached to the weights on the board (nothing programmed)", null, board.counters().pulses() - before);
    }
    if (how instanceof Programming.OpenLoop) {
      d.programOpenLoop(response, vg0);
      return new Programmed("model weights programmed open loop around Vg0 = " + PaperInitialization.volts(vg0) + " V", null,
          board.counters().pulses() - before);
    }
    WriteVerifyOptions options = ((Programming.WriteVerify) how).options();
    ProgramReport r = calibration != null ? CalibratedDeployment.programWriteVerify(d, calibration)
        : d.programWriteVerify(response, options != null ? options : writeVerifyOptions());
    return new Programmed("model weights programmed with write-verify (" + r.converged() + "/" + r.cells() + " cells converged)", r,
        r.pulses());
  }

  /** The configuration of an update rule (a resolved choice) on this board's devices. */
  public UpdateConfig update(UpdateChoice choice) {
    double voltsPerWeight = calibration == null ? UpdateConfig.PaperTwoPulse.PAPER_VOLTS_PER_WEIGHT : calibration.voltsPerWeight();
    return choice.config(voltsPerWeight, writeVerifyOptions(), calibration == null ? null : calibration.stuckDevices());
  }

  /** Starts training the deployed model (its executor predicts with what the trainer learns from now on). */
  public Trainer train(TrainingOptions options) {
    if (trainer != null) throw new IllegalStateException("a session trains once");
    trainer = new Trainer(deployment(), options, response);
    return trainer;
  }

  /**
   * Training that continues from a saved state: the trainer and the blocks as saved; a board whose
   * state was not put back ({@link #restoreBoard}: a real board keeps its own) is read again, since
   * its conductances may have moved on.
   */
  public Trainer resume(TrainingOptions options, TrainerState state) {
    Trainer t = train(options);
    t.restore(state);
    if (!boardRestored) deployment.readBack();
    return t;
  }

  /** The trainer, or null before {@link #train}. */
  public Trainer trainer() {
    return trainer;
  }

  /** The board's complete state (conductances, clock, generator, counters), or null for a board that keeps its own. */
  public byte[] boardState() {
    StateSnapshots snapshots = board.capability(StateSnapshots.class).orElse(null);
    if (snapshots == null) return null;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buf)) {
      snapshots.writeState(out);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return buf.toByteArray();
  }

  /**
   * Puts a state from {@link #boardState} back (nothing for null); {@code where} names the saved
   * state in errors.
   */
  public void restoreBoard(byte[] state, String where) {
    if (state == null) return;
    StateSnapshots snapshots = board.capability(StateSnapshots.class).orElse(null);
    if (snapshots == null) throw new BadInputException(where + " was saved on a simulated board; resume it on the same board");
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      snapshots.readState(in);
    } catch (IOException e) {
      throw new BadInputException(where + ": simulated board state does not fit: " + e.getMessage(), e);
    }
    boardRestored = true;
  }

  /** Lets virtual time pass on a simulated board and reads the weights back. */
  public void age(double seconds) {
    board.capability(VirtualClock.class).orElseThrow(() -> new IllegalStateException(board.spec().name() + " has no virtual clock"))
        .advanceTime(seconds);
    deployment().readBack();
  }

  /** The graph as the board computes it now: weights read back from the devices, digital parameters as trained. */
  public Graph measuredGraph() {
    Deployment d = deployment();
    return trainer != null ? d.measuredGraph(trainer.digitalParameters()) : d.measuredGraph(java.util.Map.of());
  }

  /** Writes {@link #measuredGraph()} and its placement as a .xbar artifact for this board's spec. */
  public void writeMeasuredModel(Path file) {
    writeMeasuredModel(file, ModelNotes.NONE);
  }

  /** As {@link #writeMeasuredModel(Path)}, with what the artifact says about its model (input range, where it was trained). */
  public void writeMeasuredModel(Path file, ModelNotes notes) {
    ArtifactWriter.write(measuredGraph(), deployment().placement(), board.spec(), null, file, null, notes);
  }

  /**
   * SHA-256 of every device conductance the deployment uses, read from the board in placement
   * order: two runs with the same digest ended with bit-identical conductances.
   */
  public String conductanceDigest() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (BlockPlacement b : deployment().placement().blocks())
        for (Tile t : b.tiles()) {
          double[] g = new double[t.devices()];
          board.read(new Region(t.array(), t.rows(), t.cols()), g);
          ByteBuffer buf = ByteBuffer.allocate(8 * g.length);
          for (double v : g) buf.putDouble(v);
          md.update(buf.array());
        }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Closes the board if the session opened it, then its own workers. */
  @Override public void close() {
    try {
      if (ownsBoard) board.close();
    } finally {
      if (ownsWorkers) workers.close();
    }
  }

  /** The paper's initialization with its fallback for noiseless boards. */
  static final class PaperInitialization {
    private PaperInitialization() {}

    static String apply(Deployment d, GateResponse response, double vg0) {
      d.initializeUniform(response, vg0);
      boolean allZero = true;
      for (CrossbarBlock b : d.blocks().values())
        for (double w : b.weights()) if (w != 0) { allZero = false; break; }
      if (!allZero) return String.format("paper (RESET all, SET all at Vg0 = %s V)", volts(vg0));
      Logger.info("initial weights are exactly zero (noiseless devices): programming random initial weights instead");
      d.programOpenLoop(response, vg0);
      return String.format("random weights U(-1,1)/sqrt(fan_in) programmed open loop around Vg0 = %s V", volts(vg0));
    }

    static String volts(double v) {
      return v == VG0 ? Double.toString(VG0) : String.format("%.2f", v);
    }
  }
}
