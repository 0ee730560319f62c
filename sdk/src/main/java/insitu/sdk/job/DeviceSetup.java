package insitu.sdk.job;

import insitu.boards.Board;
import insitu.boards.capability.VirtualClock;
import insitu.errors.UsageException;
import insitu.runtime.calibrate.Ages;
import insitu.runtime.session.Session;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What every command that programs a board is told about its devices: a calibration from {@code
 * insitu board selftest} ({@code --calibration}; for {@code sim:realistic} without one, a
 * self-test runs first) and, on a simulated board, how much virtual time passes once the weights
 * are on it ({@code --age}).
 *
 * @param calibration calibration file, or null
 * @param age duration such as {@code 30d}, or null
 */
public record DeviceSetup(Path calibration, String age) {
  public static final DeviceSetup NONE = new DeviceSetup(null, null);

  /** Checks {@code --age} against the board before anything is programmed; 0 without one. */
  public double ageSeconds(Board board) {
    if (age == null) return 0;
    if (board.capability(VirtualClock.class).isEmpty())
      throw new UsageException("--age needs a simulated board (its virtual clock); " + board.spec().name() + " ages in real time");
    try {
      return Ages.parseSeconds(age);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** The calibration to use (see {@link Calibrations#resolve}); empty for the paper defaults. */
  public Optional<Calibrations.Resolved> resolve(Board board, Consumer<String> note) {
    return Calibrations.resolve(calibration, board, note);
  }

  /**
   * Lets the virtual time pass on the session's (simulated) board and reads the weights back;
   * returns the seconds aged (0 without {@code --age}).
   */
  public double age(Session s, Consumer<String> note) {
    double seconds = ageSeconds(s.board());
    if (seconds > 0) {
      s.age(seconds);
      note.accept(String.format("aged the board by %s (%.0f s of virtual time)", age, seconds));
    }
    return seconds;
  }
}
