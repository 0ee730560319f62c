package insitu.compiler.pass;

import insitu.compiler.ir.GraphValidator;
import insitu.compiler.mapping.PlacementValidator;
import java.util.List;

/**
 * Passes run in order. A validating pipeline checks the unit before the first pass and after
 * every pass ({@link GraphValidator}, and {@link PlacementValidator} once there is a placement),
 * so a pass that breaks the IR is named with the dump of what it left.
 */
public final class PassPipeline {
  private final List<Pass> passes;
  private final boolean validate;

  private PassPipeline(List<Pass> passes, boolean validate) {
    this.passes = List.copyOf(passes);
    this.validate = validate;
  }

  public static PassPipeline of(Pass... passes) {
    return new PassPipeline(List.of(passes), false);
  }

  /** The same passes, validating the unit between them (tests, and anyone debugging a pass). */
  public PassPipeline validating() {
    return new PassPipeline(passes, true);
  }

  public boolean validates() {
    return validate;
  }

  public List<String> names() {
    return passes.stream().map(Pass::name).toList();
  }

  public CompileUnit run(CompileUnit unit) {
    if (validate) check(unit, "import");
    for (Pass p : passes) {
      unit = p.run(unit);
      if (validate) check(unit, p.name());
    }
    return unit;
  }

  private static void check(CompileUnit u, String after) {
    GraphValidator.check(u.graph(), u.stage() == CompileUnit.Stage.LOWERED, after);
    if (u.mapping() != null) PlacementValidator.check(u.graph(), u.mapping(), after);
  }
}
