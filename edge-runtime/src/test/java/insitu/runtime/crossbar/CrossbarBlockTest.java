package insitu.runtime.crossbar;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.Board;
import insitu.boards.BoardOpener;
import insitu.boards.PatchGeometry;
import insitu.boards.capability.DrivePreference;
import insitu.boards.drive.ColumnDrive;
import insitu.boards.drive.FeatureMaps;
import insitu.boards.drive.RowDrive;
import insitu.compiler.builder.ModelBuilder;
import insitu.compiler.builder.PaperModels;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.WeightMatrix;
import insitu.compiler.mapping.MappingOptions;
import insitu.numeric.parallel.Workers;
import insitu.runtime.Deployment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CrossbarBlockTest {
  /** Threads of the boards and deployments under test (parallel regions really run in parallel); closed after the class. */
  private static final Workers WORKERS = new Workers(2);

  @org.junit.jupiter.api.AfterAll
  static void closeWorkers() {
    WORKERS.close();
  }


  @Test
  void decodedWeightsOnTheIdealBoardEqualTheBuildersWeights() {
    Graph g = PaperModels.cnn(5);
    Deployment d = Deployment.map(BoardOpener.open("sim:ideal", 1, WORKERS), WORKERS, g, MappingOptions.defaults());
    d.programOpenLoop(GateResponse.paper(), 1.6);
    for (CrossbarBlock b : d.blocks().values()) {
      double[] expect = g.weightMatrix(b.name()).values();
      double[] got = b.weights();
      for (int k = 0; k < expect.length; k++) assertEquals(expect[k], got[k], 1e-12, b.name() + "[" + k + "]");
    }
  }

  @Test
  void analogMvmEqualsFloatMathWithReplicationAndSplitting() {
    // 150 inputs on 128-row arrays: split in 2 input chunks; 70 outputs on 64 columns: 2 output chunks; replicated 2x2... too big,
    // so replicate the small layer and split the big one.
    Graph g = ModelBuilder.input("x", 150).dense("big", 70, false).dense("small", 5, false).build("m", 9);
    MappingOptions o = MappingOptions.defaults().withReplication("small.weight", 2, 3);
    Board board = BoardOpener.open("sim:ideal?arrays=6", 1, WORKERS);
    Deployment d = Deployment.map(board, WORKERS, g, o);
    d.programOpenLoop(GateResponse.paper(), 1.6);
    assertTrue(d.placement().block("big.weight").tiles().size() >= 4);
    SplittableRandom r = new SplittableRandom(3);
    for (String name : new String[] {"big.weight", "small.weight"}) {
      CrossbarBlock b = d.blocks().get(name);
      WeightMatrix w = g.weightMatrix(name);
      int batch = 4;
      double[] x = new double[batch * w.inputs()];
      for (int k = 0; k < x.length; k++) x[k] = 3 * r.nextDouble() - 1.5;
      double[] y = new double[batch * w.outputs()];
      b.mvm(x, batch, y);
      for (int s = 0; s < batch; s++)
        for (int o2 = 0; o2 < w.outputs(); o2++) {
          double expect = 0;
          for (int i = 0; i < w.inputs(); i++) expect += w.get(o2, i) * x[s * w.inputs() + i];
          assertEquals(expect, y[s * w.outputs() + o2], 1e-9 * (1 + Math.abs(expect)), name);
        }
    }
  }

  @Test
  void inputsAreScaledToTheReadVoltage() {
    Graph g = ModelBuilder.input("x", 3).dense("d", 2, false).build("m", 1);
    Board board = BoardOpener.open("sim:ideal", 1, WORKERS);
    Deployment d = Deployment.map(board, WORKERS, g, MappingOptions.defaults());
    d.programOpenLoop(GateResponse.paper(), 1.6);
    CrossbarBlock b = d.blocks().get("d.weight");
    double[] y1 = new double[2], y2 = new double[2];
    b.mvm(new double[] {1e-3, -2e-3, 5e-4}, 1, y1);
    b.mvm(new double[] {1e3, -2e3, 5e2}, 1, y2);
    // Scale-invariant up to the factor: the analog path never sees anything but ±0.2 V.
    assertEquals(y1[0] * 1e6, y2[0], 1e-9 * Math.abs(y2[0]));
    double[] zero = new double[2];
    b.mvm(new double[3], 1, zero);
    assertArrayEquals(new double[2], zero);
  }

  @Test
  void columnLayoutGivesTheRowLayoutsNumbersBitForBitOnEveryBoardPath() {
    // sim takes the simulator's column kernel, sim:realistic the transposing default (device physics).
    for (String spec : new String[] {"sim?arrays=6", "sim:realistic?arrays=6"}) {
      Graph g = ModelBuilder.input("x", 150).dense("big", 70, false).dense("small", 5, false).build("m", 9);
      MappingOptions o = MappingOptions.defaults().withReplication("small.weight", 2, 3);
      Deployment rows = Deployment.map(BoardOpener.open(spec, 1, WORKERS), WORKERS, g, o), cols = Deployment.map(BoardOpener.open(spec, 1, WORKERS), WORKERS, g, o);
      SplittableRandom r = new SplittableRandom(4);
      for (String name : new String[] {"big.weight", "small.weight"}) {
        CrossbarBlock a = rows.blocks().get(name), b = cols.blocks().get(name);
        for (int batch : new int[] {1, 7, 300}) {
          double[] x = new double[batch * a.inputs()];
          for (int k = 0; k < x.length; k++) x[k] = r.nextDouble() < 0.1 ? 0 : 4 * r.nextDouble() - 2;
          double[][] xT = new double[a.inputs()][batch + 2];
          for (int s2 = 0; s2 < batch; s2++) for (int i = 0; i < a.inputs(); i++) xT[i][s2] = x[s2 * a.inputs() + i];
          double[] y = new double[batch * a.outputs()];
          double[][] yT = new double[a.outputs()][batch];
          a.mvm(x, batch, y);
          b.mvmColumns(xT, batch, yT);
          for (int s2 = 0; s2 < batch; s2++)
            for (int j = 0; j < a.outputs(); j++) assertEquals(y[s2 * a.outputs() + j], yT[j][s2], spec + " " + name + " batch " + batch);
        }
      }
    }
  }

  @Test
  void voltagesNeverExceedTheReadLimitWhateverTheRounding() {
    // The simulated board rejects a row voltage past ±V_read: 20,000 random columns whose largest
    // value rounds past the limit in about 6 % of cases must all pass.
    Graph g = ModelBuilder.input("x", 9).dense("d", 4, false).build("m", 2);
    Deployment d = Deployment.map(BoardOpener.open("sim", 1, WORKERS), WORKERS, g, MappingOptions.defaults());
    CrossbarBlock b = d.blocks().get("d.weight");
    SplittableRandom r = new SplittableRandom(5);
    int batch = 20_000;
    double[][] x = new double[9][batch];
    for (double[] row : x) for (int k = 0; k < batch; k++) row[k] = Math.exp(20 * r.nextDouble() - 10) * (r.nextBoolean() ? 1 : -1);
    assertDoesNotThrow(() -> b.mvmColumns(x, batch, new double[4][batch]));
  }

  @Test
  void nanInAColumnIsNamed() {
    Graph g = ModelBuilder.input("x", 3).dense("d", 2, false).build("m", 1);
    Deployment d = Deployment.map(BoardOpener.open("sim", 1, WORKERS), WORKERS, g, MappingOptions.defaults());
    CrossbarBlock b = d.blocks().get("d.weight");
    double[][] x = {{1, 2, 3}, {0, Double.NaN, 1}, {1, 1, 1}};
    var e = assertThrows(IllegalArgumentException.class, () -> b.mvmColumns(x, 3, new double[2][3]));
    assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("d.weight"), e.getMessage());
  }

  /**
   * A convolution's patches unfolded by the board give exactly the outputs of sending every
   * patch, with replicated rows and columns too (conv1 copied 2×2). The board says it prefers
   * feature maps, as a serial board does, so the maps path is the one taken.
   */
  @Test
  void patchMvmEqualsTheMvmOfTheUnfoldedPatchesExactly() {
    Graph g = PaperModels.cnn(5);
    PrefersMaps board = new PrefersMaps(BoardOpener.open("sim:paper", 1, WORKERS));
    Deployment d = Deployment.map(board, WORKERS, g, MappingOptions.defaults().withReplication("conv1.weight", 2, 2));
    d.programOpenLoop(GateResponse.paper(), 1.6);
    SplittableRandom r = new SplittableRandom(8);
    int samples = 3;
    // conv1: 1×8×8 maps, 3×3 'same'; conv2: 15×8×8 maps, 2×2 padded after only.
    PatchGeometry[] geos = {new PatchGeometry(1, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), new PatchGeometry(15, 8, 8, 2, 2, 1, 1, 0, 0, 1, 1, 1, 1)};
    String[] names = {"conv1.weight", "conv2.weight"};
    for (int i = 0; i < 2; i++) {
      PatchGeometry geo = geos[i];
      CrossbarBlock b = d.blocks().get(names[i]);
      double[] maps = new double[samples * geo.mapSize()];
      for (int k = 0; k < maps.length; k++) maps[k] = r.nextInt(5) == 0 ? 0 : 2 * r.nextDouble() - 0.5;
      int vectors = samples * geo.patchesPerSample();
      double[] patches = unfold(geo, maps, samples);
      double[] viaPatches = new double[vectors * b.outputs()];
      b.mvm(patches, vectors, viaPatches);
      int k = geo.patchSize();
      double[][] columns = new double[k][vectors], viaMaps = new double[b.outputs()][vectors];
      for (int v = 0; v < vectors; v++) for (int e = 0; e < k; e++) columns[e][v] = patches[v * k + e];
      b.mvmPatchesColumns(maps, geo, samples, columns, null, viaMaps);
      for (int v = 0; v < vectors; v++)
        for (int j = 0; j < b.outputs(); j++) assertEquals(viaPatches[v * b.outputs() + j], viaMaps[j][v], names[i] + " patch " + v);
    }
    assertEquals(2, d.placement().block("conv1.weight").tiles().get(0).rowRep());
    assertEquals(2, board.patchCalls, "both convolutions went to the board as maps");
  }

  /** A board that asks for feature maps, and counts how often it gets them. */
  private static final class PrefersMaps implements Board, DrivePreference {
    private final Board inner;
    int patchCalls;

    PrefersMaps(Board inner) { this.inner = inner; }

    @Override public insitu.boards.BoardSpec spec() { return inner.spec(); }
    @Override public void pulse(insitu.boards.PulseBatch b) { inner.pulse(b); }
    @Override public void read(insitu.boards.Region r, double[] out) { inner.read(r, out); }

    @Override public void mvm(insitu.boards.Region r, RowDrive drive, double[] out) {
      if (drive instanceof FeatureMaps) patchCalls++;
      inner.mvm(r, drive, out);
    }

    @Override public boolean mvm(insitu.boards.Region r, ColumnDrive drive, double[][] out) { return inner.mvm(r, drive, out); }
    @Override public boolean prefersFeatureMaps() { return true; }
    @Override public insitu.boards.BoardCounters counters() { return inner.counters(); }
    @Override public void close() { inner.close(); }
  }

  /** im2col by the plain definition: (sample, oy, ox) rows of (channel, ky, kx), zero outside the map. */
  private static double[] unfold(PatchGeometry geo, double[] maps, int samples) {
    int k = geo.patchSize();
    double[] out = new double[samples * geo.patchesPerSample() * k];
    int at = 0;
    for (int s = 0; s < samples; s++)
      for (int oy = 0; oy < geo.outHeight(); oy++)
        for (int ox = 0; ox < geo.outWidth(); ox++)
          for (int ch = 0; ch < geo.channels(); ch++)
            for (int ky = 0; ky < geo.kernelH(); ky++)
              for (int kx = 0; kx < geo.kernelW(); kx++) {
                int y = oy * geo.strideH() + ky * geo.dilationH() - geo.padTop(), x = ox * geo.strideW() + kx * geo.dilationW() - geo.padLeft();
                out[at++] = y < 0 || y >= geo.height() || x < 0 || x >= geo.width() ? 0 : maps[s * geo.mapSize() + (ch * geo.height() + y) * geo.width() + x];
              }
    return out;
  }
}
