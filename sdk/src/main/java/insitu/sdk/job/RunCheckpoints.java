package insitu.sdk.job;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import insitu.errors.BadInputException;
import insitu.runtime.Deployment;
import insitu.runtime.checkpoint.Checkpoint;
import insitu.runtime.checkpoint.CheckpointStore;
import insitu.runtime.train.EpochReport;
import insitu.runtime.train.Trainer;
import insitu.runtime.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The checkpoints of one training run, in {@code <run dir>/checkpoints}: what a run writes as it
 * goes, and what {@code insitu train --resume DIR} reads back. A checkpoint holds the request,
 * the finished epochs, the model with its placement (.xbar), the trainer's state and, for a
 * simulated board, the board's own state.
 */
final class RunCheckpoints {
  private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

  private RunCheckpoints() {}

  static CheckpointStore store(Path runDir) {
    return new CheckpointStore(runDir.resolve("checkpoints"));
  }

  /** What a run needs to continue: the request, the finished epochs and the accuracy before training. */
  record RunRecord(TrainRequest request, List<EpochReport> epochs, double[] initialAccuracy, String initialization) {}

  static String toJson(RunRecord r) {
    JsonObject o = new JsonObject();
    TrainRequest q = r.request();
    JsonObject req = new JsonObject();
    req.addProperty("model", q.model());
    req.addProperty("data", q.data());
    req.addProperty("board", q.board());
    req.addProperty("epochs", q.epochs());
    req.addProperty("batch", q.batch());
    req.addProperty("learning_rate", q.learningRate());
    if (q.lrDecay() != null) req.addProperty("lr_decay", q.lrDecay());
    req.addProperty("optimizer", q.optimizer());
    req.addProperty("update", q.update());
    req.addProperty("seed", q.seed());
    req.addProperty("init", q.init());
    req.addProperty("checkpoint_every", q.checkpointEvery());
    if (q.calibration() != null) req.addProperty("calibration", q.calibration().toString());
    if (q.age() != null) req.addProperty("age", q.age());
    o.add("request", req);
    o.add("epochs", GSON.toJsonTree(r.epochs()));
    if (r.initialAccuracy() != null) o.add("initial_accuracy", GSON.toJsonTree(r.initialAccuracy()));
    o.addProperty("initialization", r.initialization());
    return GSON.toJson(o);
  }

  static RunRecord fromJson(String json, Path runDir) {
    try {
      JsonObject o = JsonParser.parseString(json).getAsJsonObject();
      JsonObject q = o.getAsJsonObject("request");
      TrainRequest r = new TrainRequest(q.get("model").getAsString(), q.get("data").getAsString(), q.get("board").getAsString(),
          q.get("epochs").getAsInt(), q.get("batch").getAsInt(), q.get("learning_rate").getAsDouble(),
          q.has("lr_decay") ? q.get("lr_decay").getAsDouble() : null, q.get("optimizer").getAsString(),
          q.get("update").getAsString(), q.get("seed").getAsLong(), runDir, q.get("init").getAsString(),
          q.get("checkpoint_every").getAsInt(), q.has("calibration") ? Path.of(q.get("calibration").getAsString()) : null,
          q.has("age") ? q.get("age").getAsString() : null);
      List<EpochReport> epochs = new ArrayList<>(List.of(GSON.fromJson(o.get("epochs"), EpochReport[].class)));
      double[] before = o.has("initial_accuracy") ? GSON.fromJson(o.get("initial_accuracy"), double[].class) : null;
      return new RunRecord(r, epochs, before, o.get("initialization").getAsString());
    } catch (RuntimeException e) {
      throw new BadInputException("checkpoint in " + runDir + " has an unreadable run description: " + e.getMessage(), e);
    }
  }

  /**
   * Wraps the run's listener: collects finished epochs and writes a checkpoint every
   * {@code every} batches and after every epoch.
   */
  static final class Writer implements TrainingListener {
    private final TrainingListener inner;
    private final CheckpointStore store;
    private final Deployment deployment;
    private final byte[] artifact;
    private final RunRecord run;
    private Trainer trainer;
    private long step;
    private int batchesPerEpoch;

    Writer(TrainingListener inner, CheckpointStore store, Deployment deployment, RunRecord run, long step) {
      this.inner = inner;
      this.store = store;
      this.deployment = deployment;
      this.artifact = ArtifactBytes.of(deployment);
      this.run = run;
      this.step = step;
    }

    void attach(Trainer t) {
      trainer = t;
    }

    List<EpochReport> epochs() {
      return run.epochs();
    }

    @Override public void onBatch(int epoch, int batchIndex, int batches) {
      step++;
      batchesPerEpoch = batches;
      inner.onBatch(epoch, batchIndex, batches);
      int every = run.request().checkpointEvery();
      if (every > 0 && (batchIndex + 1) % every == 0 && batchIndex + 1 < batches) save();
    }

    @Override public void onEpoch(EpochReport r) {
      run.epochs().add(r);
      save();
      inner.onEpoch(r);
    }

    void save() {
      store.write(new Checkpoint(step, toJson(run), artifact, trainer.capture(), BoardAbilities.saveState(deployment.board())));
    }
  }
}
