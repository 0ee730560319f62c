package insitu.runtime.train;

import insitu.compiler.mapping.StuckDevices;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.program.PairSumTargets;
import insitu.runtime.program.TargetWriter;
import java.util.Map;

/**
 * {@link UpdateConfig.WriteVerify}: ΔW is accumulated per weight; when a weight's accumulated
 * change reaches the threshold its devices are re-programmed closed loop, each moved from where it
 * is now by its share of the change (G± = G±_now ± ΔW·ratio/2 when all are free). On devices whose
 * single SET lands with a large stochastic spread (sim:realistic) an open-loop gate step would add
 * more noise than the update is worth; the verify loop does not. The threshold keeps the update
 * above the write-verify tolerance (no point asking for a change the verify cannot see).
 *
 * <p>Devices known to be stuck are never pulsed: the free devices of their weight (its pair
 * partner, and the devices of its other copies) take the whole change ({@link PairSumTargets}),
 * and so does the rest of a weight whose device reaches the edge of the window.
 */
final class WriteVerifyRule implements UpdateRule {
  /** Per update, a device gets at most this many pulses in at most this many rounds: updates are small moves. */
  private static final int MAX_PULSES_PER_CELL = 20, MAX_ROUNDS = 10;

  private final TargetWriter writer;
  private final UpdateConfig.WriteVerify config;
  private final Accumulator accumulator;

  WriteVerifyRule(GateResponse response, UpdateConfig.WriteVerify config) {
    var o = config.options();
    this.writer = new TargetWriter(response, o.withCaps(Math.min(o.maxPulsesPerCell(), MAX_PULSES_PER_CELL), Math.min(o.maxIterations(), MAX_ROUNDS)));
    this.config = config;
    this.accumulator = new Accumulator(config.thresholdWeight());
  }

  @Override public String name() {
    return config.describe();
  }

  /** The accumulated, not yet applied ΔW per block, checkpointed with the trainer. */
  @Override public Map<String, double[]> state() {
    return accumulator.pending();
  }

  @Override public void restore(Map<String, double[]> saved) {
    accumulator.restore(saved);
  }

  @Override public void apply(CrossbarBlock block, double[] deltaW) {
    double[] fire = accumulator.add(block.name(), deltaW);
    if (fire == null) return;
    StuckDevices stuck = config.stuck();
    // Each device moves from where it is now (no re-centring): a pair whose partner is stuck, or
    // was compensated for a stuck partner, keeps its meaning.
    double lo = stuck != null ? stuck.windowLowSiemens() : block.board().spec().minSiemens();
    double hi = stuck != null ? stuck.windowHighSiemens() : block.board().spec().maxSiemens();
    double[][] now = new double[block.tileCount()][];
    block.forEachDevice((tile, local, array, row, col, w, sign) -> {
      if (fire[w] == 0 || now[tile] != null) return;
      now[tile] = new double[block.region(tile).cellCount()];
      block.board().read(block.region(tile), now[tile]);
    });
    PairSumTargets.Fixed fixed = stuck == null || stuck.isEmpty() ? PairSumTargets.NONE
        : (tile, local, array, row, col) -> now[tile] == null || Double.isNaN(stuck.at(array, row, col)) ? Double.NaN : now[tile][local];
    double[][] targets = PairSumTargets.move(block, fire, now, lo, hi, fixed);
    for (int t = 0; t < targets.length; t++) if (now[t] == null) targets[t] = null;
    writer.write(block, targets);
  }
}
