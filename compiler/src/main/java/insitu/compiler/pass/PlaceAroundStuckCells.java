package insitu.compiler.pass;

import insitu.compiler.mapping.Mapping;
import insitu.compiler.mapping.StuckAwarePlacement;
import insitu.compiler.mapping.Target;
import insitu.compiler.mapping.TargetCalibration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * On a calibrated target, permutes each array's rows and columns so the stuck devices under the
 * tiles do the least harm to the weights they hold ({@link StuckAwarePlacement}), and records
 * their effect before and after. Without a calibration nothing is known to be stuck: no change.
 */
public final class PlaceAroundStuckCells implements Pass {

  @Override public CompileUnit run(CompileUnit unit) {
    Target t = unit.requireTarget();
    Mapping m = unit.requireMapping();
    if (t.calibration().isEmpty()) return unit;
    TargetCalibration c = t.calibration().get();
    Map<String, double[]> weights = new LinkedHashMap<>();
    for (String w : unit.graph().crossbarWeights()) weights.put(w, unit.graph().weightMatrix(w).values());
    var r = StuckAwarePlacement.place(m.placement(), weights, c.stuck(), t.placementSpec());
    return unit.withMapping(m.placedAroundStuckCells(r));
  }
}
