package insitu.compiler;

import insitu.compiler.ir.Graph;
import insitu.compiler.ir.ValueShapes;
import insitu.compiler.mapping.Mapping;
import insitu.compiler.mapping.Placement;
import insitu.compiler.mapping.Target;

/**
 * A compiled model: the lowered graph (with every value's shape), the target it was mapped onto,
 * and where its weights went.
 */
public record Compilation(ModelSource source, Graph graph, ValueShapes shapes, Target target, Mapping mapping) {
  public Placement placement() {
    return mapping.placement();
  }
}
