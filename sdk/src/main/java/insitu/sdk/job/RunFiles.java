package insitu.sdk.job;

import insitu.io.AtomicFiles;
import insitu.errors.BadInputException;
import insitu.errors.UsageException;
import insitu.runtime.calibrate.Calibration;
import insitu.runtime.calibrate.CalibrationJson;
import insitu.runtime.checkpoint.CheckpointStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The directory of one training run: its configuration ({@code run.json}, written before the first
 * batch, so a run killed before its first checkpoint can start again exactly as it began), its
 * calibration, {@code checkpoints/}, the report, plots and model. A new run never writes into a
 * directory that holds anything.
 */
final class RunFiles {
  static final String CONFIGURATION = "run.json", CALIBRATION = "calibration.json", REPORT = "report.json", MODEL = "model.xbar",
      BEST = "best.xbar";

  private final Path dir;
  /** Whether the run found the directory missing ({@code created}) or empty ({@code ours}): then all in it is the run's. */
  private final boolean created, ours;

  private RunFiles(Path dir, boolean created, boolean ours) {
    this.dir = dir;
    this.created = created;
    this.ours = ours;
  }

  /** The directory of a new run: refused (before anything is written) when it exists and is not empty. */
  static RunFiles fresh(Path dir) {
    boolean exists = Files.exists(dir);
    if (exists) {
      if (!Files.isDirectory(dir)) throw new UsageException("--out " + dir + " is a file, not a directory");
      try (Stream<Path> s = Files.list(dir)) {
        if (s.findAny().isPresent())
          throw new UsageException("--out " + dir + " already holds a run (or other files); continue it with --resume " + dir
              + ", or give another --out");
      } catch (IOException e) {
        throw new BadInputException("cannot read " + dir + ": " + e.getMessage(), e);
      }
    }
    return new RunFiles(dir, !exists, true);
  }

  /** The directory of a run to continue. */
  static RunFiles existing(Path dir) {
    if (!Files.isDirectory(dir)) throw new BadInputException(dir + ": no checkpoint found (not a run directory)");
    return new RunFiles(dir, false, false);
  }

  Path dir() { return dir; }
  Path file(String name) { return dir.resolve(name); }
  CheckpointStore checkpoints() { return new CheckpointStore(dir.resolve("checkpoints")); }

  boolean hasCheckpoint() {
    try {
      return !checkpoints().list().isEmpty();
    } catch (IOException e) {
      throw new BadInputException("cannot list the checkpoints in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Writes the run's description atomically (temporary file, fsync, rename). */
  void writeConfiguration(RunRecord run) {
    try {
      Files.createDirectories(dir);
      AtomicFiles.write(file(CONFIGURATION), run.toJson().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new BadInputException("cannot write the run's configuration into " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The run as configured before its first batch, or null when the directory has none. */
  RunRecord configuration() {
    Path f = file(CONFIGURATION);
    if (!Files.isRegularFile(f)) return null;
    try {
      return RunRecord.fromJson(Files.readString(f, StandardCharsets.UTF_8), dir);
    } catch (IOException e) {
      throw new BadInputException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  /** A run's calibration lives in its directory, so {@code --resume} trains on with exactly the same one. */
  void saveCalibration(Calibration c) {
    try {
      CalibrationJson.write(c, file(CALIBRATION));
    } catch (RuntimeException e) {
      throw new BadInputException("cannot write the run's calibration into " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The calibration the run was trained with, or null. */
  Calibration calibration() {
    Path saved = file(CALIBRATION);
    return Files.isRegularFile(saved) ? CalibrationJson.read(saved) : null;
  }

  /**
   * After a failure before the run could be continued: removes what this new run wrote when it
   * wrote no checkpoint (there is nothing to resume, and no partial output stays), and the
   * directory too if the run made it.
   */
  void discardIfNothingToResume() {
    if (!ours || hasCheckpoint()) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) if (created || !p.equals(dir)) Files.deleteIfExists(p);
    } catch (IOException e) {
      // Best effort: the failure being reported matters more than the leftovers.
    }
  }
}
