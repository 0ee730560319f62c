package insitu.runtime.train;

import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.GateResponse;
import insitu.compiler.mapping.StuckDevices;
import insitu.runtime.program.PairSumTargets;
import insitu.runtime.program.TargetWriter;
import insitu.runtime.program.WriteVerifyOptions;
import java.util.HashMap;
import java.util.Map;

/**
 * In situ update by write-verify to the updated target (issue 7): ΔW is accumulated per weight;
 * when a weight's accumulated change reaches {@code thresholdWeight} its devices are re-programmed
 * closed loop, each moved from where it is now by its share of the change (G± = G±_now ±
 * ΔW·ratio/2 when all are free). On devices whose single SET lands with a large stochastic spread
 * (sim:realistic) an open-loop gate step would add more noise than the update is worth; the
 * verify loop does not. The threshold keeps the update above the write-verify tolerance (no point
 * asking for a change the verify cannot see).
 *
 * <p>Devices known to be stuck are never pulsed: the free devices of their weight (its pair
 * partner, and the devices of its other copies) take the whole change ({@link PairSumTargets}),
 * and so does the rest of a weight whose device reaches the edge of the window.
 */
public final class WriteVerifyUpdate implements UpdateRule {
  private final TargetWriter writer;
  private final double thresholdWeight;
  private final StuckDevices stuck;
  private final Map<String, double[]> pending = new HashMap<>();
  private long pulses;

  /** No device known to be stuck; the board's own conductance window. */
  public WriteVerifyUpdate(GateResponse response, WriteVerifyOptions options, double thresholdWeight) {
    this(response, options, thresholdWeight, null);
  }

  /**
   * @param stuck devices known to be stuck and the window to keep the others in (e.g. a board
   *     calibration's); null for none known and the board's window
   */
  public WriteVerifyUpdate(GateResponse response, WriteVerifyOptions options, double thresholdWeight, StuckDevices stuck) {
    this.writer = new TargetWriter(response, options.withCaps(Math.min(options.maxPulsesPerCell(), 20), Math.min(options.maxIterations(), 10)));
    this.thresholdWeight = thresholdWeight;
    this.stuck = stuck;
  }

  @Override public String name() {
    return "write-verify(threshold " + thresholdWeight + ")";
  }

  /** Accumulated, not yet applied ΔW per block. */
  public Map<String, double[]> pendingWeights() {
    return pending;
  }

  /** The accumulated ΔW, checkpointed with the trainer. */
  @Override public Map<String, double[]> state() {
    return pending;
  }

  public long pulses() {
    return pulses;
  }

  @Override public void apply(CrossbarBlock block, double[] deltaW) {
    int n = deltaW.length;
    double[] acc = pending.computeIfAbsent(block.name(), k -> new double[n]);
    double[] fire = new double[n];
    boolean any = false;
    for (int w = 0; w < n; w++) {
      acc[w] += deltaW[w];
      if (Math.abs(acc[w]) >= thresholdWeight) {
        fire[w] = acc[w];
        acc[w] = 0;
        any = true;
      }
    }
    if (!any) return;
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
    pulses += writer.write(block, targets);
  }
}
