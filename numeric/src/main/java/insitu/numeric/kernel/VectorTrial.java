package insitu.numeric.kernel;

import java.util.function.Supplier;

/**
 * A kernel written on the incubating Vector API, on trial against its scalar twin: its name and
 * how to set up a small fixed problem to run both on. A constant of the kernel's class; it holds
 * no state and no thread: the trials run in a {@link VectorTrials}, which their owner closes.
 *
 * <p>Why a trial: until C2 compiles it, Vector API code runs as plain Java objects, tens of times
 * slower than scalar code, so a first training epoch or an occasional single-sample call would pay
 * for the warm-up; and a kernel C2 compiled badly (vectors boxed) must never replace a faster
 * scalar one. Both give the same bits (the trial checks it), so when the switch happens changes no
 * result.
 */
public final class VectorTrial {
  /** One trial problem: a run of the vector kernel and the same run of the scalar twin, each returning its result. */
  public record Runs(Supplier<double[]> vector, Supplier<double[]> scalar) {}

  private final String name;
  private final Supplier<Runs> problem;

  /** @param problem makes a fresh problem (its own arrays) for each owner that runs the trial */
  public VectorTrial(String name, Supplier<Runs> problem) {
    this.name = name;
    this.problem = problem;
  }

  public String name() {
    return name;
  }

  Runs newProblem() {
    return problem.get();
  }
}
