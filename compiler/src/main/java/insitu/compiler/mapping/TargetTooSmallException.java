package insitu.compiler.mapping;

import insitu.boards.BoardSpec;

/** The model's weights do not fit the target's arrays; says how many arrays of that size they need. */
public final class TargetTooSmallException extends MappingException {
  private final int arraysNeeded;

  public TargetTooSmallException(long weights, int arraysNeeded, BoardSpec target) {
    super(String.format("the model's %,d crossbar weights need %,d arrays of %dx%d but the target has %,d%s", weights, arraysNeeded,
        target.rows(), target.cols(), target.arrays(), target.name().startsWith("sim:")
            ? "; use --target '" + target.name() + "?arrays=" + arraysNeeded + "'" : ": use a board with more arrays"));
    this.arraysNeeded = arraysNeeded;
  }

  /** How many arrays of the target's size the packing needs. */
  public int arraysNeeded() {
    return arraysNeeded;
  }
}
