package insitu.compiler.mapping;

import java.util.List;

/** The whole mapping of a model onto a target: one block per crossbar weight. */
public record Placement(int arrays, int rows, int cols, List<BlockPlacement> blocks) {
  public Placement {
    blocks = List.copyOf(blocks);
  }

  public BlockPlacement block(String weight) {
    for (BlockPlacement b : blocks) if (b.weight().equals(weight)) return b;
    throw new IllegalArgumentException("no crossbar block for weight '" + weight + "'");
  }

  public int devicesUsed() {
    return blocks.stream().mapToInt(BlockPlacement::devices).sum();
  }

  /** Fraction of each array's cells holding a weight device. */
  public double[] utilization() {
    double[] u = new double[arrays];
    for (BlockPlacement b : blocks) for (Tile t : b.tiles()) u[t.array()] += t.devices();
    for (int a = 0; a < arrays; a++) u[a] /= (double) rows * cols;
    return u;
  }

  public int arraysUsed() {
    return (int) java.util.Arrays.stream(utilization()).filter(x -> x > 0).count();
  }
}
