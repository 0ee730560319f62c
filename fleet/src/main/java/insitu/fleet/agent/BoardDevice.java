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

/**
 * The board side of a device: its calibration, the model on it, its local data. Every model goes
 * on with write-verify, mapped and programmed with this board's own calibration (its self-test,
 * kept in the state directory so a restart does not pulse the board again), and may then adapt to
 * the board with a short fine-tune on the local samples. Called by one thread at a time (the
 * device's mailbox); every use of the board goes through the {@link BoardHost}, so a service
 * serving the same board never meets the device's work halfway.
 *
 * <p>A parked device keeps only the model its board holds (a few kilobytes) between jobs and
 * attaches to the board again for the next one: working memory grows with the batch (tens of
 * megabytes), which 500 simulated devices cannot each keep, while two workers need it at a time.
 */
final class BoardDevice {
  private static final int MEASURE_SLICE = 100;
  private final Board board;
  private final BoardHost host;
  private final DeviceData data;
  private final long seed;
  private final StateStore store;
  private final Path givenCalibration;
  private final boolean park;
  // Written inside host work (on the host's board thread); the host's hand-over orders them for the mailbox.
  private Calibration calibration;
  private DeployedModel model;
  private Model onBoard;
  private String programming;
  private int recalibrations;
  private double accuracy = Double.NaN;

  /** @param givenCalibration the board's calibration file to use instead of a self-test, or null */
  BoardDevice(Board board, BoardHost host, DeviceData data, long seed, StateStore store, Path givenCalibration, boolean park) {
    this.board = board;
    this.host = host;
    this.park = park;
    this.data = data;
    this.seed = seed;
    this.store = store;
    this.givenCalibration = givenCalibration;
  }

  /** Loads the saved (or given) calibration, or self-tests the board and saves it; only while nothing runs on the board. */
  void calibrate() {
    host.run(() -> {
      calibrateNow();
      return null;
    });
  }

  private void calibrateNow() {
    if (calibration != null) return;
    loadCalibration();
    if (calibration != null) return;
    calibration = Insitu.calibrate(board);
    recalibrations++;
    Insitu.writeCalibration(calibration, store.calibration());
  }

  /** The saved calibration, else the given file (saved from now on); none if neither exists. */
  private void loadCalibration() {
    Path f = store.calibration();
    if (!Files.isRegularFile(f) && givenCalibration != null)
      Insitu.writeCalibration(DeployOptions.defaults().withCalibration(givenCalibration).calibration(), f);
    if (Files.isRegularFile(f)) calibration = DeployOptions.defaults().withCalibration(f).calibration();
  }

  /**
   * Takes the model a host already serves (a resumed state) as this device's, without touching
   * the board: its calibration becomes the device's when none is saved (a self-test would pulse
   * cells the model uses; without any, the next deployment self-tests first).
   */
  void adopt(DeployedModel m) {
    accuracy = host.run(() -> {
      model = m;
      programming = m.initialization();
      loadCalibration();
      if (calibration == null && m.options().calibration() != null) {
        calibration = m.options().calibration();
        Insitu.writeCalibration(calibration, store.calibration());
      }
      return measure(m);
    });
  }

  /** Programs a model (replacing the one on the board), adapts it for {@code adaptEpochs}, measures it; returns the accuracy. */
  double deploy(Model m, int adaptEpochs) {
    accuracy = Double.NaN;
    host.install(() -> {
      // The board is being reprogrammed: the old model is gone whatever happens next.
      if (model != null) model.close();
      model = null;
      onBoard = null;
      calibrateNow();
      DeployedModel next = m.deploy(board, options());
      programming = next.initialization();
      if (adaptEpochs > 0 && data.train().size() > 0) next.fineTune(data.train(), adaptEpochs);
      model = next;
      return next;
    });
    accuracy = host.run(() -> {
      double a = measure(model);
      rest();
      return a;
    });
    return accuracy;
  }

  /** Fine-tunes the model on the board in situ; returns the accuracy afterwards. */
  double fineTune(int epochs) {
    accuracy = host.run(() -> {
      DeployedModel m = active();
      if (data.train().size() > 0) m.fineTune(data.train(), epochs);
      double a = measure(m);
      rest();
      return a;
    });
    return accuracy;
  }

  /** Writes the model as the board computes it now into the store; returns its digest. */
  String keepLearned() throws java.io.IOException {
    Path tmp = store.scratch();
    host.run(() -> {
      if (model != null) model.checkpoint(tmp);
      else onBoard.save(tmp, null);
      return null;
    });
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
    model.close();
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
    return host.counters();
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
