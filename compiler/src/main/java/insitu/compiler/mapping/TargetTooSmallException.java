package insitu.compiler.mapping;

import insitu.boards.BoardSpec;

/** The model's weights do not fit the target's arrays; says how many arrays of that size they need. */
public final class TargetTooSmallException extends MappingException {
  private final long weights;
  private final int arraysNeeded;
  private final BoardSpec target;

  public TargetTooSmallException(long weights, int arraysNeeded, BoardSpec target) {
    super(message(weights, arraysNeeded, target, target.name().startsWith("sim:") ? target.name() + "?arrays=" + arraysNeeded : null));
    this.weights = weights;
    this.arraysNeeded = arraysNeeded;
    this.target = target;
  }

  /** How many arrays of the target's size the packing needs. */
  public int arraysNeeded() {
    return arraysNeeded;
  }

  /** The message, suggesting this target spec (null: a board with more arrays). */
  public String messageFor(String suggestedTarget) {
    return message(weights, arraysNeeded, target, suggestedTarget);
  }

  private static String message(long weights, int needed, BoardSpec target, String suggestion) {
    return String.format("the model's %,d crossbar weights need %,d arrays of %dx%d but the target has %,d%s", weights, needed,
        target.rows(), target.cols(), target.arrays(), suggestion != null ? "; use --target '" + suggestion + "'" : ": use a board with more arrays");
  }
}
