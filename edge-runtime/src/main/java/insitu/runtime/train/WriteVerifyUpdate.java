package insitu.runtime.train;

import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.program.TargetWriter;
import insitu.runtime.program.WriteVerifyOptions;
import java.util.HashMap;
import java.util.Map;

/**
 * In situ update by write-verify to the updated target (issue 7): ΔW is accumulated per weight;
 * when a weight's accumulated change reaches {@code thresholdWeight} its pair is re-programmed
 * closed loop to G± = G±_now ± ΔW·ratio/2. On devices whose single SET lands with
 * a large stochastic spread (sim:realistic) an open-loop gate step would add more noise than the
 * update is worth; the verify loop does not. The threshold keeps the update above the
 * write-verify tolerance (no point asking for a change the verify cannot see).
 */
public final class WriteVerifyUpdate implements UpdateRule {
  private final TargetWriter writer;
  private final double thresholdWeight;
  private final Map<String, double[]> pending = new HashMap<>();
  private long pulses;

  public WriteVerifyUpdate(GateResponse response, WriteVerifyOptions options, double thresholdWeight) {
    this.writer = new TargetWriter(response, options.withCaps(Math.min(options.maxPulsesPerCell(), 20), Math.min(options.maxIterations(), 10)));
    this.thresholdWeight = thresholdWeight;
  }

  @Override public String name() {
    return "write-verify(threshold " + thresholdWeight + ")";
  }

  /** Accumulated, not yet applied ΔW per block. */
  public Map<String, double[]> pendingWeights() {
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
    // Each device moves from where it is now by ±ΔW·ratio/2 (no re-centring): a pair whose
    // partner is stuck, or was compensated for a stuck partner, keeps its meaning.
    double half = block.siemensPerWeight() / 2;
    double lo = block.board().spec().minSiemens(), hi = block.board().spec().maxSiemens();
    double[][] targets = new double[block.tileCount()][], now = new double[block.tileCount()][];
    block.forEachDevice((tile, local, array, row, col, w, sign) -> {
      if (fire[w] == 0) return;
      if (targets[tile] == null) {
        int m = block.region(tile).cellCount();
        targets[tile] = new double[m];
        java.util.Arrays.fill(targets[tile], Double.NaN);
        now[tile] = new double[m];
        block.board().read(block.region(tile), now[tile]);
      }
      targets[tile][local] = Math.max(lo, Math.min(hi, now[tile][local] + sign * fire[w] * half));
    });
    pulses += writer.write(block, targets);
  }
}
