package insitu.fleet.agent;

import insitu.boards.Board;
import insitu.boards.BoardCounters;
import insitu.fleet.wire.ServiceReport;
import insitu.sdk.DeployedModel;
import java.util.function.Supplier;

/**
 * Where a device's board work runs and who else uses the model on the board. A device on its own
 * ({@link #own}) works on the board from its own thread; a device inside the edge service
 * ({@code insitu.fleet.serve.ServedBoard}) hands every piece of board work to the service's board
 * thread, between two requests, and the service serves each model the device puts on the board.
 */
public interface BoardHost {
  /** Runs {@code work} with exclusive use of the board and returns its result. */
  <T> T run(Supplier<T> work);

  /**
   * Puts a model on the board: runs {@code next} as {@link #run} does; a host that serves the
   * board serves what it returns from then on (null: nothing, e.g. after {@code next} failed).
   * {@code next} closes the model it replaces.
   */
  void install(Supplier<DeployedModel> next);

  /** The board's counters as of its last piece of work; safe to read from any thread. */
  BoardCounters counters();

  /** The model already on the board when the device starts (a served state, resumed), or null. */
  default DeployedModel modelAtStart() {
    return null;
  }

  /** What a host that serves the model adds to the device's status, or null. */
  default ServiceReport service() {
    return null;
  }

  /** A device on its own: the work runs on the calling thread (the device's mailbox), and nobody else uses the board. */
  static BoardHost own(Board board) {
    return new BoardHost() {
      @Override public <T> T run(Supplier<T> work) {
        return work.get();
      }

      @Override public void install(Supplier<DeployedModel> next) {
        next.get();
      }

      @Override public BoardCounters counters() {
        return board.counters();
      }
    };
  }
}
