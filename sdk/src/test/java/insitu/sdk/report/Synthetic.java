package insitu.sdk.report;

import static org.junit.jupiter.api.Assertions.*;

import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.Placement;
import insitu.compiler.mapping.Tile;
import insitu.runtime.train.EpochReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic runs and placements for the plot tests, and the overlap check they share. */
final class Synthetic {
  private Synthetic() {}

  /** The demo's own numbers (paper CNN, accumulate-and-fire): pulses fall from 5,628 to 150. */
  static List<EpochReport> demoRun() {
    double[] tr = {0.7349, 0.879, 0.916, 0.930, 0.942, 0.937, 0.946, 0.948, 0.955, 0.954, 0.954, 0.958, 0.959, 0.962, 0.963};
    double[] te = {0.885, 0.912, 0.896, 0.929, 0.931, 0.937, 0.933, 0.945, 0.939, 0.944, 0.934, 0.952, 0.942, 0.947, 0.94};
    double[] loss = {0.812, 0.422, 0.280, 0.227, 0.195, 0.202, 0.184, 0.177, 0.157, 0.145, 0.147, 0.133, 0.131, 0.126, 0.118};
    long[] pulses = {5628, 2886, 2397, 1800, 1296, 1107, 837, 648, 477, 384, 321, 279, 168, 150, 162};
    List<EpochReport> out = new ArrayList<>();
    for (int i = 0; i < tr.length; i++) out.add(epoch(i + 1, tr[i], te[i], loss[i], pulses[i]));
    return out;
  }

  /** {@code n} epochs of a long run; every seventh has no test accuracy. */
  static List<EpochReport> longRun(int n) {
    Random r = new Random(3);
    List<EpochReport> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double a = 0.98 - 0.4 * Math.exp(-i / 30.0) + 0.005 * r.nextGaussian();
      out.add(epoch(i + 1, a, i % 7 == 3 ? Double.NaN : a - 0.01, 1.5 * Math.exp(-i / 40.0) + 0.05, (long) (1e5 * Math.exp(-i / 20.0)) + 30));
    }
    return out;
  }

  static EpochReport epoch(int e, double train, double test, double loss, long pulses) {
    return new EpochReport(e, train, test, loss, 1, 1000, pulses, 100, 0.01, new double[] {test});
  }

  static BoardSpec spec(int arrays, int rows, int cols) {
    return new BoardSpec("sim:paper", arrays, rows, cols, 0, 1e-3, 0.2, 3, 3, 5, 0, 1e-3, DefectMap.none());
  }

  /**
   * Layers of (inputs, outputs) packed into vertical strips, array after array, split into tiles of
   * at most rows/2 inputs and cols outputs: tall, wide, large and tiny tiles side by side.
   */
  static Placement pack(int arrays, int rows, int cols, int[][] layers) {
    List<BlockPlacement> blocks = new ArrayList<>();
    int a = 0, x = 0, y = 0, strip = 0;
    for (int li = 0; li < layers.length; li++) {
      int in = layers[li][0], out = layers[li][1];
      List<Tile> tiles = new ArrayList<>();
      for (int i0 = 0; i0 < in; i0 += rows / 2)
        for (int o0 = 0; o0 < out; o0 += cols) {
          int ic = Math.min(rows / 2, in - i0), oc = Math.min(cols, out - o0);
          if (y + 2 * ic > rows || oc > strip) {
            x += strip;
            y = 0;
            strip = oc;
          }
          if (x + oc > cols) {
            a++;
            x = 0;
            y = 0;
            strip = oc;
          }
          assertTrue(a < arrays, "synthetic layers do not fit");
          int[] r = new int[2 * ic], c = new int[oc];
          for (int i = 0; i < r.length; i++) r[i] = y + i;
          for (int j = 0; j < oc; j++) c[j] = x + j;
          tiles.add(new Tile(a, r, c, i0, ic, o0, oc, 1, 1));
          y += 2 * ic;
        }
      blocks.add(new BlockPlacement("layer" + li + ".weight", out, in, 1e-4, tiles));
    }
    return new Placement(arrays, rows, cols, blocks);
  }

  /** Random layer sizes filling about {@code arraysUsed} arrays of 128×64, with tiny layers among them. */
  static Placement mixed(int arrays, int layers, long seed) {
    Random r = new Random(seed);
    int[][] l = new int[layers][];
    for (int i = 0; i < layers; i++) l[i] = new int[] {1 + r.nextInt(i % 5 == 0 ? 3 : 150), 1 + r.nextInt(i % 3 == 0 ? 4 : 60)};
    return pack(arrays, 128, 64, l);
  }

  /** Conductances: 20–80 µS on free cells, 100–460 µS on the tiles. */
  static ConductanceMap.Cells cells(Placement p, long seed) {
    return a -> {
      Random r = new Random(seed + a);
      double[] v = new double[p.rows() * p.cols()];
      for (int i = 0; i < v.length; i++) v[i] = (20 + 60 * r.nextDouble()) * 1e-6;
      for (BlockPlacement b : p.blocks())
        for (Tile t : b.tiles())
          if (t.array() == a) for (int row : t.rows()) for (int c : t.cols()) v[row * p.cols() + c] = (100 + 360 * r.nextDouble()) * 1e-6;
      return v;
    };
  }

  /** Fails naming the first two boxes that overlap, or one that leaves the canvas. */
  static void assertApart(List<Box> boxes, int width, int height) {
    Box canvas = new Box(0, 0, width, height);
    for (int i = 0; i < boxes.size(); i++) {
      assertTrue(canvas.contains(boxes.get(i)), "outside the " + width + "x" + height + " image: " + boxes.get(i));
      for (int j = i + 1; j < boxes.size(); j++)
        assertFalse(boxes.get(i).overlaps(boxes.get(j)), "overlap: " + boxes.get(i) + " and " + boxes.get(j));
    }
  }

  static List<Box> boxes(List<Label> labels) {
    return labels.stream().map(Label::box).toList();
  }
}
