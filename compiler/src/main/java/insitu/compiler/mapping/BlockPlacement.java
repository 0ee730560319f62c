package insitu.compiler.mapping;

import java.util.List;

/** Where one weight matrix (outputs × inputs) lives: its tiles, which together cover it exactly once. */
public record BlockPlacement(String weight, int outputs, int inputs, double siemensPerWeight, List<Tile> tiles) {
  public BlockPlacement {
    tiles = List.copyOf(tiles);
  }

  public int devices() {
    return tiles.stream().mapToInt(Tile::devices).sum();
  }
}
