package insitu.boards.drive;

/**
 * Produces columns from..to of a column-layout input ({@code x[i][b]}) on demand. A board calls it
 * right before it reads those columns, from several threads at once for disjoint ranges, so the
 * columns are still in the core's cache when they are used.
 */
@FunctionalInterface
public interface ColumnFill {
  void fill(int from, int to);
}
