package insitu.boards.conformance;

import insitu.errors.BoardException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs every conformance check against one firmware. Before each check the board is greeted
 * (HELLO) and armed (CONFIG), so checks do not depend on each other; the pulse cells a check
 * programs are read before and restored after it. A board that falls silent fails the check it
 * was in; if it still does not answer a HELLO, the remaining checks are reported as not run, so
 * a hung board costs a bounded time, never a wait forever.
 */
public final class ConformanceSuite {
  private static final double MICRO = 1e6;
  /** How the detail of a check that ended in silence begins. */
  private static final String HUNG = "hung: ";

  private ConformanceSuite() {}

  /** Every check, in the order they run. */
  public static List<ConformanceCheck> checks() {
    return CheckCatalog.all();
  }

  /** Runs the suite with the options the target's spec asks for. */
  public static ConformanceReport run(FirmwareTarget target) {
    return run(target, target.options());
  }

  /**
   * Runs the suite.
   *
   * @throws BoardException the board does not answer at all (not one HELLO)
   */
  public static ConformanceReport run(FirmwareTarget target, ConformanceOptions options) {
    FrameLink link = new FrameLink(target.transport(), target.ticker(), options);
    BoardUnderTest board = new BoardUnderTest(link, target.resetLine());
    try {
      board.hello();
      board.avoidCachedSeqs();
    } catch (BoardSilentException e) {
      throw new BoardException("cannot reach the board (" + target.description() + "): " + e.getMessage(), e);
    } catch (CheckFailure e) {
      return notRun(target, checks(), "HELLO failed: " + e.getMessage());
    }
    List<CheckResult> results = new ArrayList<>();
    List<ConformanceCheck> all = checks();
    for (int k = 0; k < all.size(); k++) {
      CheckResult r = runOne(all.get(k), board);
      results.add(r);
      if (r.outcome() == CheckResult.Outcome.FAILED && r.detail().startsWith(HUNG) && !answersAgain(board)) {
        for (ConformanceCheck rest : all.subList(k + 1, all.size()))
          results.add(new CheckResult(rest.name(), CheckResult.Outcome.FAILED, "not run: the board stopped answering during " + r.name()));
        break;
      }
    }
    return new ConformanceReport(target.description(), results);
  }

  private static boolean answersAgain(BoardUnderTest board) {
    try {
      board.hello();
      return true;
    } catch (BoardSilentException | CheckFailure e) {
      return false;
    }
  }

  private static ConformanceReport notRun(FirmwareTarget target, List<ConformanceCheck> all, String why) {
    return new ConformanceReport(target.description(), all.stream()
        .map(c -> new CheckResult(c.name(), CheckResult.Outcome.FAILED, "not run: " + why)).collect(Collectors.toList()));
  }

  private static CheckResult runOne(ConformanceCheck check, BoardUnderTest board) {
    if (check.needsResetLine() && board.resetLine().isEmpty())
      return new CheckResult(check.name(), CheckResult.Outcome.SKIPPED,
          "needs the board's RESET line (give the spec gpio=raspberrypi, or test the firmware in an emulator)");
    double[] before = null;
    String detail;
    boolean ok;
    try {
      prepare(board);
      if (check.touchesCells()) before = board.readCells(board.pulseCells());
      detail = check.body().run(board);
      ok = true;
    } catch (CheckFailure e) {
      detail = e.getMessage();
      ok = false;
    } catch (BoardSilentException e) {
      return new CheckResult(check.name(), CheckResult.Outcome.FAILED, HUNG + e.getMessage());
    } catch (RuntimeException e) {
      detail = e.getClass().getSimpleName() + ": " + e.getMessage();
      ok = false;
    }
    if (before != null) {
      try {
        detail += "; " + restore(board, before);
      } catch (BoardSilentException e) {
        return new CheckResult(check.name(), CheckResult.Outcome.FAILED, HUNG + e.getMessage() + " (while restoring cells)");
      }
    }
    return new CheckResult(check.name(), ok ? CheckResult.Outcome.PASSED : CheckResult.Outcome.FAILED, detail);
  }

  private static void prepare(BoardUnderTest board) {
    board.link().takeStrays();
    board.hello();
    board.arm();
  }

  private static String restore(BoardUnderTest board, double[] before) {
    String cells = board.pulseCells().stream().map(Cell::toString).collect(Collectors.joining(" "));
    try {
      prepare(board);
      double left = CellRestorer.restore(board, board.pulseCells(), before);
      return String.format("cells %s restored to within %.3g µS", cells, left * MICRO);
    } catch (CheckFailure | BoardException e) {
      if (e instanceof BoardSilentException s) throw s;
      return "cells " + cells + " not restored: " + e.getMessage();
    }
  }
}
