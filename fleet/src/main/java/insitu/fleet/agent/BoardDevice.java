package insitu.fleet.agent;

import insitu.boards.Board;
import insitu.boards.BoardCounters;
import insitu.runtime.calibrate.Calibration;
import insitu.sdk.DeployOptions;
import insitu.sdk.DeployedModel;
import insitu.sdk.Insitu;
import insitu.sdk.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The board side of a device: its calibration, the model on it, its local data. Every model goes
 * on with write-verify, mapped and programmed with this board's own calibration (its self-test,
 * kept in the state directory so a restart does not pulse the board again), and may then adapt to
 * the board with a short fine-tune on the local samples. Used by one thread at a time (the
 * device's mailbox).
 *
 * <p>A parked device keeps only the model its board holds (a few kilobytes) between jobs and
 * attaches to the board again for the next one: working memory grows with the batch (tens of
 * megabytes), which 500 simulated devices cannot each keep, while two workers need it at a time.
 */
final class BoardDevice {
  private static final int MEASURE_SLICE = 100;
  private final Board board;
  private final DeviceData data;
  private final long seed;
  private final StateStore store;
  private final Consumer<DeployedModel> onDeployed;
  private final boolean park;
  private Calibration calibration;
  private DeployedModel model;
  private Model onBoard;
  private String programming;
  private int recalibrations;
  private double accuracy = Double.NaN;

  BoardDevice(Board board, DeviceData data, long seed, StateStore store, Consumer<DeployedModel> onDeployed, boolean park) {
    this.park = park;
    this.board = board;
    this.data = data;
    this.seed = seed;
    this.store = store;
    this.onDeployed = onDeployed;
  }

  /** Loads the saved calibration, or self-tests the board and saves it. */
  void calibrate() {
    if (calibration != null) return;
    Path f = store.calibration();
    if (Files.isRegularFile(f)) {
      calibration = DeployOptions.defaults().withCalibration(f).calibration();
      return;
    }
    calibration = Insitu.calibrate(board);
    recalibrations++;
    Insitu.writeCalibration(calibration, f);
  }

  /** Programs a model (replacing the one on the board), adapts it for {@code adaptEpochs}, measures it; returns the accuracy. */
  double deploy(Model m, int adaptEpochs) {
    calibrate();
    model = null; // the board is being reprogrammed: the old model is gone whatever happens next
    onBoard = null;
    accuracy = Double.NaN;
    DeployedModel next = m.deploy(board, options());
    programming = next.initialization();
    if (adaptEpochs > 0 && data.train().size() > 0) next.fineTune(data.train(), adaptEpochs);
    model = next;
    accuracy = measure(next);
    onDeployed.accept(next);
    rest();
    return accuracy;
  }

  /** Fine-tunes the model on the board in situ; returns the accuracy afterwards. */
  double fineTune(int epochs) {
    DeployedModel m = active();
    if (data.train().size() > 0) m.fineTune(data.train(), epochs);
    accuracy = measure(m);
    rest();
    return accuracy;
  }

  /** Writes the model as the board computes it now into the store; returns its digest. */
  String keepLearned() throws java.io.IOException {
    Path tmp = store.scratch();
    if (model != null) model.checkpoint(tmp);
    else onBoard.save(tmp, null);
    return store.keepLearned(tmp);
  }

  private DeployOptions options() {
    return DeployOptions.defaults().withSeed(seed).withCalibration(calibration);
  }

  private DeployedModel active() {
    if (model == null && onBoard != null) model = onBoard.deploy(board, options().attach());
    return model;
  }

  private void rest() {
    if (!park || model == null) return;
    onBoard = model.learnedModel();
    model = null;
  }

  /** Accuracy in slices, so the working memory is that of a slice, not of the whole test set. */
  private double measure(DeployedModel m) {
    var test = data.test();
    int n = test.size(), per = test.sampleSize(), ok = 0;
    if (n == 0) return Double.NaN;
    for (int from = 0; from < n; from += MEASURE_SLICE) {
      int k = Math.min(MEASURE_SLICE, n - from);
      int[] p = m.predict(java.util.Arrays.copyOfRange(test.x(), from * per, (from + k) * per), k);
      for (int i = 0; i < k; i++) if (p[i] == test.y()[from + i]) ok++;
    }
    return (double) ok / n;
  }

  boolean hasModel() {
    return model != null || onBoard != null;
  }

  /** The model on the board, or null (none yet, or parked). */
  DeployedModel model() {
    return model;
  }

  double accuracy() {
    return accuracy;
  }

  int trainSamples() {
    return data.train().size();
  }

  int testSamples() {
    return data.test().size();
  }

  BoardCounters counters() {
    return board.counters();
  }

  int recalibrations() {
    return recalibrations;
  }

  boolean calibrated() {
    return calibration != null;
  }

  int stuckCells() {
    return calibration == null ? 0 : calibration.stuckCells().size();
  }

  String programming() {
    return programming;
  }
}
