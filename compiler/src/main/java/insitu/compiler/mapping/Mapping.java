package insitu.compiler.mapping;

/**
 * Where a model's weights went on a target, and what the mapping did about the target's defects.
 *
 * @param rowCopies averaged copies of every weight down (inputs repeated)
 * @param columnCopies averaged copies across (outputs repeated)
 * @param stuckBefore on a calibrated target, the stuck devices' effect on the plain placement; else null
 * @param stuckAfter their effect after stuck-aware placement; else null
 */
public record Mapping(Placement placement, int rowCopies, int columnCopies, StuckAwarePlacement.Score stuckBefore,
                      StuckAwarePlacement.Score stuckAfter) {

  public static Mapping of(Placement placement, int rowCopies, int columnCopies) {
    return new Mapping(placement, rowCopies, columnCopies, null, null);
  }

  public Mapping placedAroundStuckCells(StuckAwarePlacement.Result r) {
    return new Mapping(r.placement(), rowCopies, columnCopies, r.before(), r.after());
  }

  /** Whether the placement was made around known stuck devices (a calibrated target). */
  public boolean stuckAware() {
    return stuckAfter != null;
  }

  /** One line for reports: copies, and the stuck devices under the tiles before and after placement. */
  public String describe() {
    int k = rowCopies * columnCopies;
    String copies = String.format("%d cop%s per weight (%dx%d)", k, k == 1 ? "y" : "ies", rowCopies, columnCopies);
    if (!stuckAware()) return copies;
    return String.format("%s; stuck-aware rows and columns: %d stuck devices under the tiles, %d of them harmful"
            + " (plain mapping: %d, %d harmful)", copies, stuckAfter.stuckCovered(), stuckAfter.harmfulStuck(),
        stuckBefore.stuckCovered(), stuckBefore.harmfulStuck());
  }
}
