package insitu.compiler.mapping;

import java.util.List;
import java.util.Map;

/**
 * How weights become conductances and where they go.
 *
 * @param siemensPerWeight conductance difference per unit weight (the paper's ratio_G_W, 100 µS)
 * @param rowRep default vertical replication (inputs repeated, currents averaged)
 * @param colRep default horizontal replication (outputs repeated, averaged)
 * @param replication per-weight replication overriding the defaults: name → {rowRep, colRep}
 * @param explicitTiles per-weight hand placement; weights not listed are placed automatically
 * @param maxWeightSiemens if > 0, a block whose largest |w| times siemensPerWeight would exceed this
 *     gets a smaller siemensPerWeight of its own (maxWeightSiemens / max|w|), so imported weights of
 *     any range (BatchNorm folding makes large ones) keep their differential pair in the
 *     conductance window; 0 keeps one scale for all blocks
 */
public record MappingOptions(double siemensPerWeight, int rowRep, int colRep,
                             Map<String, int[]> replication, Map<String, List<TileRequest>> explicitTiles,
                             double maxWeightSiemens) {

  public MappingOptions(double siemensPerWeight, int rowRep, int colRep,
                        Map<String, int[]> replication, Map<String, List<TileRequest>> explicitTiles) {
    this(siemensPerWeight, rowRep, colRep, replication, explicitTiles, 0);
  }

  public MappingOptions {
    if (!(maxWeightSiemens >= 0)) throw new IllegalArgumentException("maxWeightSiemens must be >= 0");
    if (!(siemensPerWeight > 0)) throw new IllegalArgumentException("siemensPerWeight must be > 0");
    if (rowRep < 1 || colRep < 1) throw new IllegalArgumentException("replication must be >= 1");
    replication = Map.copyOf(replication);
    explicitTiles = Map.copyOf(explicitTiles);
  }

  /** 100 µS per unit weight, no replication, automatic placement. */
  public static MappingOptions defaults() {
    return new MappingOptions(100e-6, 1, 1, Map.of(), Map.of());
  }

  public MappingOptions withReplication(String weight, int rows, int cols) {
    var m = new java.util.HashMap<>(replication);
    m.put(weight, new int[] {rows, cols});
    return new MappingOptions(siemensPerWeight, rowRep, colRep, m, explicitTiles, maxWeightSiemens);
  }

  public MappingOptions withTiles(String weight, List<TileRequest> tiles) {
    var m = new java.util.HashMap<>(explicitTiles);
    m.put(weight, tiles);
    return new MappingOptions(siemensPerWeight, rowRep, colRep, replication, m, maxWeightSiemens);
  }

  /**
   * Defaults plus a per-block scale: |w|·siemensPerWeight stays ≤ 290 µS, i.e. weights up to 2.9
   * keep the paper's 100 µS per unit weight and larger ones are scaled down so that G± = G(1.6 V)
   * ± w·siemensPerWeight/2 stays inside the 0.5–2.5 V gate range of the paper's devices.
   */
  public static MappingOptions autoScale() {
    return defaults().withMaxWeightSiemens(290e-6);
  }

  /** The same options with every automatically placed weight replicated rowRep × colRep times (averaged). */
  public MappingOptions withCopies(int rows, int cols) {
    return new MappingOptions(siemensPerWeight, rows, cols, replication, explicitTiles, maxWeightSiemens);
  }

  public MappingOptions withMaxWeightSiemens(double siemens) {
    return new MappingOptions(siemensPerWeight, rowRep, colRep, replication, explicitTiles, siemens);
  }

  /** The scale of one block given its largest |w|. */
  public double siemensPerWeightFor(double maxAbsWeight) {
    if (maxWeightSiemens <= 0 || maxAbsWeight * siemensPerWeight <= maxWeightSiemens) return siemensPerWeight;
    return maxWeightSiemens / maxAbsWeight;
  }

  public int[] replicationOf(String weight) {
    return replication.getOrDefault(weight, new int[] {rowRep, colRep});
  }

  /**
   * The paper CNN's own layout on its 123×59 logical array (paper-spec §2.4, corners made 0-based):
   * conv1 dp[2,1] at (87,36); conv2 dp[1,2] at (3,51); the dense layer folded into chunk A
   * (inputs 0–42, two copies side by side) at (37,0) and chunk B (inputs 43–63 stacked twice) at (37,20).
   */
  public static MappingOptions paperCnnLayout() {
    return defaults()
        .withTiles("conv1.weight", List.of(new TileRequest(0, 9, 0, 15, 2, 1, 0, 87, 36)))
        .withTiles("conv2.weight", List.of(new TileRequest(0, 60, 0, 4, 1, 2, 0, 3, 51)))
        .withTiles("fc.weight", List.of(
            new TileRequest(0, 43, 0, 10, 1, 2, 0, 37, 0),
            new TileRequest(43, 21, 0, 10, 2, 1, 0, 37, 20)));
  }
}
