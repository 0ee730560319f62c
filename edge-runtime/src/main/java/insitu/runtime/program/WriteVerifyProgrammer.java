package insitu.runtime.program;

import insitu.boards.Board;
import insitu.boards.BoardSpec;
import insitu.runtime.crossbar.CrossbarBlock;
import insitu.runtime.crossbar.GateResponse;
import insitu.runtime.crossbar.PulsePlan;
import java.util.List;
import java.util.Map;

/**
 * Closed-loop (write-verify) programming of target weights onto crossbar blocks.
 *
 * <p>Every device gets a target G = centre ± w·siemensPerWeight/2 (+ on the G⁺ row, − on G⁻). Each
 * round reads every tile once, then for each device outside its window: too low → SET at the gate
 * the believed {@link GateResponse} gives for the target, plus the device's learned correction;
 * too high → RESET, then that SET (a SET can only raise G, so lowering needs the RESET). Each
 * SET's landing error feeds a fraction back into the device's correction, so the gate goes up
 * after an undershoot and down after an overshoot and systematic device-to-device offsets are
 * learned while write noise is mostly averaged out.
 *
 * <p>A device stops being pulsed when it reaches its pulse cap, or when it has not moved for
 * {@code stuckAfter} rounds (stuck or unformed: reported as stuck). After the loop everything is
 * read once more, and only that re-verify decides converged or failed.
 *
 * <p>Batching: per round and per array, one RESET batch then one SET batch for all blocks being
 * programmed; never one board call per cell.
 */
public final class WriteVerifyProgrammer {
  private static final byte ACTIVE = 0, STUCK = 1, CAPPED = 2, SKIPPED = 3;

  private final GateResponse response;
  private final WriteVerifyOptions options;

  public WriteVerifyProgrammer(GateResponse response, WriteVerifyOptions options) {
    this.response = response;
    this.options = options;
  }

  /** Programs one block to {@code weights} (outputs × inputs). */
  public ProgramReport program(CrossbarBlock block, double[] weights) {
    return program(Map.of(block, weights));
  }

  /** Programs several blocks (on one board) together, sharing the pulse batches of each round. */
  public ProgramReport program(Map<CrossbarBlock, double[]> targets) {
    Map<CrossbarBlock, double[][]> devices = new java.util.LinkedHashMap<>();
    for (var e : targets.entrySet()) devices.put(e.getKey(), deviceTargets(e.getKey(), e.getValue(), options.centerSiemens()));
    return programDevices(devices);
  }

  /**
   * The per-device targets of weights around {@code center} ({@link insitu.runtime.crossbar.DifferentialEncoding}),
   * clipped to the board's window. Per tile, in each tile's row-major order.
   */
  public static double[][] deviceTargets(CrossbarBlock b, double[] w, double center) {
    BoardSpec spec = b.board().spec();
    return b.encoding().targets(w, center, spec.minSiemens(), spec.maxSiemens());
  }

  /**
   * Programs every device of several blocks to its own target conductance (per block, per tile,
   * in the tile's row-major order; NaN leaves a device alone and out of the report), sharing the
   * pulse batches of each round.
   */
  public ProgramReport programDevices(Map<CrossbarBlock, double[][]> targets) {
    long t0 = System.nanoTime();
    if (targets.isEmpty()) return new ProgramReport(0, 0, 0, 0, 0, 0, 0, 0, options.toleranceSiemens(), 0);
    List<CrossbarBlock> blocks = List.copyOf(targets.keySet());
    Board board = blocks.get(0).board();
    for (CrossbarBlock b : blocks)
      if (b.board() != board) throw new IllegalArgumentException("blocks programmed together must live on one board");
    BoardSpec spec = board.spec();
    Cells c = Cells.of(blocks, targets);
    double maxGate = Math.min(response.maxGateVolts(), spec.maxGateVolts());
    long pulses = 0;
    int rounds = 0;
    double[] before = new double[c.n];
    for (int it = 0; it < options.maxIterations(); it++) {
      System.arraycopy(c.g, 0, before, 0, c.n);
      c.readAll(options.readsPerVerify());
      PulsePlan plan = new PulsePlan(response);
      boolean any = false;
      for (int k = 0; k < c.n; k++) {
        if (c.status[k] != ACTIVE) continue;
        double g = c.g[k], target = c.target[k];
        if (c.pulsed[k]) {
          // Learn from the landing of a SET that set the compliance (after a RESET, or raising G).
          if (c.landed[k]) {
            double corr = c.offset[k] + options.correctionGain() * (target - g);
            c.offset[k] = Math.max(-options.maxCorrectionSiemens(), Math.min(options.maxCorrectionSiemens(), corr));
          }
          c.noResponse[k] = Math.abs(g - before[k]) < options.noResponseSiemens() ? c.noResponse[k] + 1 : 0;
          c.pulsed[k] = false;
          c.landed[k] = false;
        }
        if (Math.abs(g - target) <= options.toleranceFor(target)) continue;
        if (c.noResponse[k] >= options.stuckAfter()) {
          c.status[k] = STUCK;
          continue;
        }
        boolean high = g > target;
        int need = high ? 2 : 1;
        if (c.pulses[k] + need > options.maxPulsesPerCell()) {
          c.status[k] = CAPPED;
          continue;
        }
        double vg = Math.min(maxGate, response.clampGate(response.gateFor(target + c.offset[k])));
        if (high) plan.reset(c.array[k], c.row[k], c.col[k]);
        plan.set(c.array[k], c.row[k], c.col[k], vg);
        c.blocks[c.block[k]].gateVolts(c.tile[k])[c.local[k]] = vg;
        c.pulses[k] += need;
        pulses += need;
        c.pulsed[k] = true;
        c.landed[k] = high || response.conductanceAt(vg) > g;
        any = true;
      }
      if (!any) break;
      rounds++;
      plan.fire(board);
    }
    // Re-verify: the final verdict comes from a fresh read, after every pulse has landed.
    c.readAll(options.readsPerVerify());
    int converged = 0, stuck = 0, cells = 0;
    double sum = 0, max = 0;
    for (int k = 0; k < c.n; k++) {
      if (c.status[k] == SKIPPED) continue;
      cells++;
      double e = Math.abs(c.g[k] - c.target[k]);
      sum += e;
      max = Math.max(max, e);
      if (e <= options.toleranceFor(c.target[k])) converged++;
      else if (c.status[k] == STUCK) stuck++;
    }
    for (CrossbarBlock b : blocks) b.readBack();
    return new ProgramReport(cells, converged, cells - converged, stuck, pulses, rounds, cells == 0 ? 0 : sum / cells, max,
        options.toleranceSiemens(), (System.nanoTime() - t0) / 1e9);
  }

  /** Flat per-device state of everything being programmed, in each tile's row-major order. */
  private static final class Cells {
    final int n;
    final CrossbarBlock[] blocks;
    final int[] block, tile, local, array, row, col, pulses, noResponse;
    final double[] target, g, offset;
    final byte[] status;
    final boolean[] pulsed, landed;
    final int[][] tileStart; // [block][tile] → first flat index
    private double[] buf = new double[0], acc = new double[0];

    private Cells(CrossbarBlock[] blocks, int n) {
      this.blocks = blocks;
      this.n = n;
      block = new int[n]; tile = new int[n]; local = new int[n]; array = new int[n]; row = new int[n]; col = new int[n];
      pulses = new int[n]; noResponse = new int[n];
      target = new double[n]; g = new double[n]; offset = new double[n];
      status = new byte[n];
      pulsed = new boolean[n]; landed = new boolean[n];
      tileStart = new int[blocks.length][];
    }

    static Cells of(List<CrossbarBlock> list, Map<CrossbarBlock, double[][]> targets) {
      CrossbarBlock[] bs = list.toArray(new CrossbarBlock[0]);
      int n = 0;
      for (CrossbarBlock b : bs) n += b.placement().devices();
      Cells c = new Cells(bs, n);
      int[] next = {0};
      for (int bi = 0; bi < bs.length; bi++) {
        CrossbarBlock b = bs[bi];
        double[][] want = targets.get(b);
        if (want.length != b.tileCount())
          throw new IllegalArgumentException("block '" + b.name() + "' has " + b.tileCount() + " tiles, got targets for " + want.length);
        c.tileStart[bi] = new int[b.tileCount()];
        int bIndex = bi;
        b.forEachDevice((t, local, array, row, col, wi, sign) -> {
          int k = next[0]++;
          if (local == 0) c.tileStart[bIndex][t] = k;
          c.block[k] = bIndex; c.tile[k] = t; c.local[k] = local; c.array[k] = array; c.row[k] = row; c.col[k] = col;
          c.target[k] = want[t][local];
          if (Double.isNaN(c.target[k])) c.status[k] = SKIPPED;
        });
      }
      return c;
    }

    /** One read per tile (averaged over {@code reads}), filling {@link #g}. */
    void readAll(int reads) {
      for (int bi = 0; bi < blocks.length; bi++) {
        CrossbarBlock b = blocks[bi];
        for (int t = 0; t < b.tileCount(); t++) {
          int m = b.region(t).cellCount();
          if (buf.length < m) { buf = new double[m]; acc = new double[m]; }
          java.util.Arrays.fill(acc, 0, m, 0);
          for (int r = 0; r < reads; r++) {
            b.board().read(b.region(t), buf);
            for (int i = 0; i < m; i++) acc[i] += buf[i];
          }
          int s = tileStart[bi][t];
          for (int i = 0; i < m; i++) g[s + i] = acc[i] / reads;
        }
      }
    }
  }
}
