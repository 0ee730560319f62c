package insitu.compiler.mapping;

/**
 * One rectangle of devices holding part of a weight matrix: inputs [inStart, inStart+inCount) ×
 * outputs [outStart, outStart+outCount), replicated rowRep times down and colRep times across.
 *
 * <p>Physical rows: for copy r and input i, row {@code rows[2(r·inCount+i)]} holds G⁺ and the next
 * one G⁻ (vertical differential pair). Physical columns: for copy c and output j,
 * {@code cols[c·outCount+j]}. Rows and columns are explicit lists so tiles can skip bad lines.
 */
public record Tile(int array, int[] rows, int[] cols, int inStart, int inCount, int outStart, int outCount, int rowRep, int colRep) {

  public Tile {
    if (rows.length != 2 * inCount * rowRep)
      throw new IllegalArgumentException("tile needs " + 2 * inCount * rowRep + " rows, got " + rows.length);
    if (cols.length != outCount * colRep)
      throw new IllegalArgumentException("tile needs " + outCount * colRep + " columns, got " + cols.length);
  }

  /** Physical row of the G⁺ (sign 0) or G⁻ (sign 1) device of input i in copy r. */
  public int rowOf(int copy, int input, int sign) {
    return rows[2 * (copy * inCount + input) + sign];
  }

  public int colOf(int copy, int output) {
    return cols[copy * outCount + output];
  }

  public int devices() {
    return rows.length * cols.length;
  }

  /** With its lines, so two placements compare by their text (dumps, tests). */
  @Override public String toString() {
    return "Tile[array=" + array + ", rows=" + java.util.Arrays.toString(rows) + ", cols=" + java.util.Arrays.toString(cols)
        + ", in=" + inStart + "+" + inCount + ", out=" + outStart + "+" + outCount + ", copies=" + rowRep + "x" + colRep + "]";
  }
}
