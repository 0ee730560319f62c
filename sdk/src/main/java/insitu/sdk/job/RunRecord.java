package insitu.sdk.job;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import insitu.errors.BadInputException;
import insitu.runtime.Choice;
import insitu.runtime.session.Initialization;
import insitu.runtime.session.UpdateChoice;
import insitu.runtime.train.EpochReport;
import insitu.runtime.train.OptimizerKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a training run needs to continue: the request, the finished epochs, the accuracy before
 * training, how the weights started and which epoch the kept model is of. Its JSON form is the
 * checkpoints' {@code run.json} (and, with no epochs yet, the run's configuration written before
 * its first batch); it holds no NaN (not JSON): a number that is not one is written as null.
 *
 * @param initialAccuracy test accuracy per output before training (fine-tuning), or null
 * @param keptEpoch the epoch whose weights the kept model ({@code best.xbar}) holds, 0 for none yet
 */
record RunRecord(TrainRequest request, List<EpochReport> epochs, double[] initialAccuracy, String initialization, int keptEpoch) {
  private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

  /** A run that has not trained yet. */
  static RunRecord starting(TrainRequest request) {
    return new RunRecord(request, new ArrayList<>(), null, null, 0);
  }

  RunRecord withStart(double[] initial, String init) {
    return new RunRecord(request, epochs, initial, init, keptEpoch);
  }

  RunRecord withRequest(TrainRequest r) {
    return new RunRecord(r, epochs, initialAccuracy, initialization, keptEpoch);
  }

  RunRecord withKeptEpoch(int e) {
    return new RunRecord(request, epochs, initialAccuracy, initialization, e);
  }

  /** Whether every requested epoch is done. */
  boolean finished() {
    return epochs.size() >= request.epochs();
  }

  String toJson() {
    JsonObject o = new JsonObject();
    TrainRequest q = request;
    JsonObject req = new JsonObject();
    req.addProperty("model", q.model());
    req.addProperty("data", q.data());
    req.addProperty("board", q.board());
    req.addProperty("epochs", q.epochs());
    req.addProperty("batch", q.batch());
    req.add("learning_rate", number(q.learningRate()));
    if (q.lrDecay() != null) req.add("lr_decay", number(q.lrDecay()));
    req.addProperty("optimizer", q.optimizer().label());
    req.addProperty("update", q.update().label());
    req.addProperty("seed", q.seed());
    req.addProperty("init", q.init().label());
    req.addProperty("checkpoint_every", q.checkpointEvery());
    if (q.calibration() != null) req.addProperty("calibration", q.calibration().toString());
    if (q.age() != null) req.addProperty("age", q.age());
    req.addProperty("keep", q.keep().label());
    o.add("request", req);
    JsonArray ep = new JsonArray();
    for (EpochReport e : epochs) {
      JsonObject m = new JsonObject();
      m.addProperty("epoch", e.epoch());
      m.add("trainAccuracy", number(e.trainAccuracy()));
      m.add("testAccuracy", number(e.testAccuracy()));
      m.add("loss", number(e.loss()));
      m.add("seconds", number(e.seconds()));
      m.add("samplesPerSecond", number(e.samplesPerSecond()));
      m.addProperty("pulses", e.pulses());
      m.addProperty("reads", e.reads());
      m.add("learningRate", number(e.learningRate()));
      m.add("testAccuracyPerOutput", numbers(e.testAccuracyPerOutput()));
      ep.add(m);
    }
    o.add("epochs", ep);
    if (initialAccuracy != null) o.add("initial_accuracy", numbers(initialAccuracy));
    if (initialization != null) o.addProperty("initialization", initialization);
    o.addProperty("kept_epoch", keptEpoch);
    return GSON.toJson(o);
  }

  /** Reads {@link #toJson()}; {@code runDir} becomes the request's output directory and names the run in errors. */
  static RunRecord fromJson(String json, Path runDir) {
    try {
      JsonObject o = JsonParser.parseString(json).getAsJsonObject();
      JsonObject q = o.getAsJsonObject("request");
      TrainRequest r = new TrainRequest(q.get("model").getAsString(), q.get("data").getAsString(), q.get("board").getAsString(),
          q.get("epochs").getAsInt(), q.get("batch").getAsInt(), number(q.get("learning_rate")),
          q.has("lr_decay") ? number(q.get("lr_decay")) : null, Choice.of(OptimizerKind.values(), q.get("optimizer").getAsString()),
          Choice.of(UpdateChoice.values(), q.get("update").getAsString()), q.get("seed").getAsLong(), runDir,
          Choice.of(Initialization.values(), q.get("init").getAsString()), q.get("checkpoint_every").getAsInt(),
          q.has("calibration") ? Path.of(q.get("calibration").getAsString()) : null, q.has("age") ? q.get("age").getAsString() : null,
          q.has("keep") ? Choice.of(Keep.values(), q.get("keep").getAsString()) : Keep.LAST);
      List<EpochReport> epochs = new ArrayList<>();
      if (o.has("epochs"))
        for (JsonElement el : o.getAsJsonArray("epochs")) {
          JsonObject m = el.getAsJsonObject();
          epochs.add(new EpochReport(m.get("epoch").getAsInt(), number(m.get("trainAccuracy")), number(m.get("testAccuracy")),
              number(m.get("loss")), number(m.get("seconds")), number(m.get("samplesPerSecond")), m.get("pulses").getAsLong(),
              m.get("reads").getAsLong(), number(m.get("learningRate")), numbers(m.getAsJsonArray("testAccuracyPerOutput"))));
        }
      double[] before = o.has("initial_accuracy") ? numbers(o.getAsJsonArray("initial_accuracy")) : null;
      String init = o.has("initialization") ? o.get("initialization").getAsString() : null;
      return new RunRecord(r, epochs, before, init, o.has("kept_epoch") ? o.get("kept_epoch").getAsInt() : 0);
    } catch (RuntimeException e) {
      throw new BadInputException("the run in " + runDir + " has an unreadable description: " + e.getMessage(), e);
    }
  }

  private static JsonElement number(double v) {
    return Double.isFinite(v) ? new com.google.gson.JsonPrimitive(v) : JsonNull.INSTANCE;
  }

  private static double number(JsonElement e) {
    if (e == null || e.isJsonNull()) return Double.NaN;
    // Older checkpoints wrote NaN as a bare token, which Gson reads back as a string.
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) return Double.parseDouble(e.getAsString());
    return e.getAsDouble();
  }

  private static JsonArray numbers(double[] values) {
    JsonArray a = new JsonArray(values.length);
    for (double v : values) a.add(number(v));
    return a;
  }

  private static double[] numbers(JsonArray a) {
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) v[i] = number(a.get(i));
    return v;
  }
}
