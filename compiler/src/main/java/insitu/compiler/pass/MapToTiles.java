package insitu.compiler.pass;

import insitu.compiler.mapping.CalibratedMapping;
import insitu.compiler.mapping.CrossbarMapper;
import insitu.compiler.mapping.Mapping;
import insitu.compiler.mapping.MappingOptions;
import insitu.compiler.mapping.Target;
import insitu.compiler.mapping.TargetCalibration;

/**
 * Puts every crossbar weight onto tiles of the target's arrays ({@link CrossbarMapper}). On a
 * calibrated target the calibration decides the conductance scale, the bad lines are left out and
 * spare capacity becomes averaged copies of every weight ({@link CalibratedMapping}); otherwise
 * this pass's {@link MappingOptions} apply (replication, hand-placed tiles, block scales).
 */
public final class MapToTiles implements Pass {
  private final MappingOptions options;

  public MapToTiles(MappingOptions options) {
    this.options = options;
  }

  @Override public CompileUnit run(CompileUnit unit) {
    Target t = unit.requireTarget();
    if (t.calibration().isEmpty())
      return unit.withMapping(Mapping.of(CrossbarMapper.map(unit.graph(), t.spec(), options), options.rowRep(), options.colRep()));
    TargetCalibration c = t.calibration().get();
    var r = CalibratedMapping.map(unit.graph(), t.placementSpec(), c.mappingOptions(), c.maxCopies());
    return unit.withMapping(Mapping.of(r.placement(), r.rowCopies(), r.columnCopies()));
  }
}
