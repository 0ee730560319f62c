package insitu.compiler.mapping;

/**
 * A hand-placed tile in logical coordinates (row/col indices into the array's good lines), for
 * reproducing a published layout such as the paper's (paper-spec §2.4).
 */
public record TileRequest(int inStart, int inCount, int outStart, int outCount, int rowRep, int colRep,
                          int array, int row0, int col0) {}
