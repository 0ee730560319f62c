package insitu.boards.conformance;

/** One device the suite pulses, named as the report names it. */
public record Cell(int array, int row, int col) {
  @Override public String toString() { return "a" + array + "(" + row + "," + col + ")"; }
}
