package insitu.sdk;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import insitu.boards.Board;
import insitu.compiler.artifact.Artifact;
import insitu.errors.BadInputException;
import insitu.runtime.Choice;
import insitu.errors.UsageException;
import insitu.runtime.calibrate.Calibration;
import insitu.runtime.calibrate.CalibrationJson;
import insitu.runtime.checkpoint.Checkpoint;
import insitu.runtime.checkpoint.CheckpointStore;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.session.Initialization;
import insitu.runtime.session.Session;
import insitu.runtime.session.UpdateChoice;
import insitu.sdk.job.ArtifactBytes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The saved form of a {@link DeployedModel}: one checkpoint of {@link CheckpointStore} (atomic,
 * digested, the two newest kept) whose description ({@code run.json}) says which model on which
 * board with which options, the calibration, what was learned and the drift reference and gains;
 * the checkpoint's other entries carry the model and placement, the trainer's state and a
 * simulated board's state.
 */
final class SavedDeployment {
  static final String FORMAT = "insitu-deployed-model";
  static final int VERSION = 1;
  private static final Gson GSON = new Gson();

  private SavedDeployment() {}

  static Path write(Path dir, DeployedModel m) {
    CheckpointStore store = new CheckpointStore(dir);
    Session s = m.session();
    Checkpoint c = new Checkpoint(nextStep(store), describe(m), ArtifactBytes.of(s.deployment()), s.trainer().capture(), s.boardState());
    return store.write(c);
  }

  /** Whether {@code dir} holds a saved state (valid or not: reading it tells). */
  static boolean exists(Path dir) {
    try {
      return !new CheckpointStore(dir).list().isEmpty();
    } catch (IOException e) {
      throw new BadInputException("cannot list the saved state in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The newest valid state of {@code dir}, on {@code board} (null: the board spec it was saved with, opened here). */
  static DeployedModel read(Path dir, Board board) {
    Checkpoint c = new CheckpointStore(dir).loadLatest();
    JsonObject o = parse(c.runJson(), dir);
    Artifact a = ArtifactBytes.read(c.artifact(), dir);
    try {
      String spec = o.has("board") ? o.get("board").getAsString() : null;
      if (board == null && spec == null)
        throw new UsageException("the state in " + dir + " was saved on a board the application opened itself: resume it with Insitu.resume(dir, board)");
      JsonObject opt = o.getAsJsonObject("options");
      Calibration cal = o.has("calibration") ? CalibrationJson.fromJson(o.get("calibration").getAsString(), dir + " (saved calibration)") : null;
      Initialization init = Choice.of(Initialization.values(), opt.get("initialization").getAsString());
      DeployOptions options = new DeployOptions(init, opt.get("batch").getAsInt(), opt.get("learning_rate").getAsDouble(),
          opt.get("seed").getAsLong(), cal);
      UpdateChoice update = Choice.of(UpdateChoice.values(), o.get("update").getAsString());
      LearnedState learned = learned(o);
      Map<String, double[]> gains = vectors(o.getAsJsonObject("drift_gain"));
      Model model = new Model(o.get("model").getAsString(), a.graph());
      boolean owns = board == null;
      Session s = owns ? Session.open(spec, 1) : Session.on(board);
      try {
        s.restoreBoard(c.boardState(), "the saved state in " + dir);
        s.deploy(a.graph(), a.placement(), cal);
        // A board behind a link kept its own conductances, which may have moved on since: the session reads them.
        s.resume(DeployedModel.trainingOptions(options, s, update), c.trainer());
        DeployedModel m = new DeployedModel(model, s, owns ? spec : null, options, o.get("initialization").getAsString(), update, learned);
        for (CrossbarBlock block : s.deployment().blocks().values()) block.setOutputCorrection(gains.get(block.name()), null);
        return m;
      } catch (RuntimeException e) {
        s.close();
        throw e;
      }
    } catch (IllegalStateException | IllegalArgumentException | NullPointerException | ClassCastException e) {
      throw new BadInputException("the saved state in " + dir + " does not fit its model: " + e.getMessage(), e);
    }
  }

  private static long nextStep(CheckpointStore store) {
    try {
      List<Path> all = store.list();
      if (all.isEmpty()) return 1;
      String n = all.get(0).getFileName().toString().replaceAll("\\D", "");
      return n.isEmpty() ? 1 : Long.parseLong(n) + 1;
    } catch (IOException | NumberFormatException e) {
      throw new BadInputException("cannot list the saved state in " + store.directory() + ": " + e.getMessage(), e);
    }
  }

  private static String describe(DeployedModel m) {
    JsonObject o = new JsonObject();
    o.addProperty("format", FORMAT);
    o.addProperty("version", VERSION);
    o.addProperty("model", m.model().name());
    if (m.openedSpec() != null) o.addProperty("board", m.openedSpec());
    o.addProperty("board_name", m.session().board().spec().name());
    DeployOptions d = m.options();
    JsonObject opt = new JsonObject();
    opt.addProperty("initialization", d.initialization().label());
    opt.addProperty("batch", d.batch());
    opt.addProperty("learning_rate", d.learningRate());
    opt.addProperty("seed", d.seed());
    o.add("options", opt);
    if (d.calibration() != null) o.addProperty("calibration", CalibrationJson.toJson(d.calibration()));
    o.addProperty("initialization", m.initialization());
    o.addProperty("update", m.update().label());
    LearnedState s = m.learned();
    o.addProperty("epochs_trained", s.epochsTrained);
    o.addProperty("learned_samples", s.learnedSamples);
    o.addProperty("learn_updates", s.learnUpdates);
    o.addProperty("recalibrations", s.recalibrations);
    JsonArray streamX = new JsonArray(), streamY = new JsonArray();
    for (double[] x : s.streamX) streamX.add(array(x));
    for (int y : s.streamY) streamY.add(y);
    o.add("stream_samples", streamX);
    o.add("stream_labels", streamY);
    o.add("drift_reference", object(s.driftReference));
    Map<String, double[]> gains = new LinkedHashMap<>();
    for (CrossbarBlock b : m.session().deployment().blocks().values()) if (b.outputGain() != null) gains.put(b.name(), b.outputGain());
    o.add("drift_gain", object(gains));
    return GSON.toJson(o);
  }

  private static JsonObject parse(String json, Path dir) {
    try {
      JsonObject o = JsonParser.parseString(json).getAsJsonObject();
      if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString()))
        throw new BadInputException(dir + " holds checkpoints of something else than a deployed model (no \"format\": \"" + FORMAT + "\")");
      if (o.get("version").getAsInt() != VERSION)
        throw new BadInputException(dir + ": saved state version " + o.get("version") + " is not supported (expected " + VERSION + ")");
      return o;
    } catch (RuntimeException e) {
      if (e instanceof BadInputException b) throw b;
      throw new BadInputException("the saved state in " + dir + " has an unreadable description: " + e.getMessage(), e);
    }
  }

  private static LearnedState learned(JsonObject o) {
    LearnedState s = new LearnedState();
    s.epochsTrained = o.get("epochs_trained").getAsInt();
    s.learnedSamples = o.get("learned_samples").getAsLong();
    s.learnUpdates = o.get("learn_updates").getAsLong();
    s.recalibrations = o.get("recalibrations").getAsLong();
    for (JsonElement x : o.getAsJsonArray("stream_samples")) s.streamX.add(GSON.fromJson(x, double[].class));
    for (JsonElement y : o.getAsJsonArray("stream_labels")) s.streamY.add(y.getAsInt());
    s.driftReference.putAll(vectors(o.getAsJsonObject("drift_reference")));
    return s;
  }

  private static JsonArray array(double[] values) {
    JsonArray a = new JsonArray(values.length);
    for (double v : values) a.add(v);
    return a;
  }

  private static JsonObject object(Map<String, double[]> m) {
    JsonObject o = new JsonObject();
    for (var e : m.entrySet()) o.add(e.getKey(), array(e.getValue()));
    return o;
  }

  private static Map<String, double[]> vectors(JsonObject o) {
    Map<String, double[]> m = new LinkedHashMap<>();
    for (var e : o.entrySet()) m.put(e.getKey(), GSON.fromJson(e.getValue(), double[].class));
    return m;
  }
}
