package insitu.compiler.artifact;

import static insitu.compiler.artifact.JsonFields.arr;
import static insitu.compiler.artifact.JsonFields.element;
import static insitu.compiler.artifact.JsonFields.integer;
import static insitu.compiler.artifact.JsonFields.ints;
import static insitu.compiler.artifact.JsonFields.num;
import static insitu.compiler.artifact.JsonFields.number;
import static insitu.compiler.artifact.JsonFields.of;
import static insitu.compiler.artifact.JsonFields.str;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;
import insitu.compiler.mapping.BlockPlacement;
import insitu.compiler.mapping.Placement;
import insitu.compiler.mapping.Tile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The placement (blocks and their tiles, physical rows and columns listed) as JSON. */
final class PlacementCodec {
  private PlacementCodec() {}

  /** The placement as one JSON tree (small placements; {@link #write} streams big ones with the same text). */
  static JsonObject encode(Placement p) {
    JsonObject o = head(p);
    JsonArray blocks = new JsonArray();
    for (BlockPlacement b : p.blocks()) {
      JsonObject j = blockHead(b);
      JsonArray tiles = new JsonArray();
      for (Tile t : b.tiles()) tiles.add(tile(t));
      j.add("tiles", tiles);
      blocks.add(j);
    }
    o.add("blocks", blocks);
    return o;
  }

  /**
   * Writes what {@link #encode} returns, with the same text, one tile at a time: a placement of
   * tens of thousands of tiles never exists as a tree (Gson's holds each listed row as an object).
   */
  static void write(Placement p, JsonWriter w, Gson gson) throws IOException {
    w.beginObject();
    members(head(p), w, gson);
    w.name("blocks").beginArray();
    for (BlockPlacement b : p.blocks()) {
      w.beginObject();
      members(blockHead(b), w, gson);
      w.name("tiles").beginArray();
      for (Tile t : b.tiles()) gson.toJson(tile(t), w);
      w.endArray().endObject();
    }
    w.endArray().endObject();
  }

  /** Writes an object's members (not its braces) as Gson writes them inside the object. */
  static void members(JsonObject o, JsonWriter w, Gson gson) throws IOException {
    for (var e : o.entrySet()) {
      w.name(e.getKey());
      gson.toJson(e.getValue(), w);
    }
  }

  private static JsonObject head(Placement p) {
    JsonObject o = new JsonObject();
    o.addProperty("arrays", p.arrays());
    o.addProperty("rows", p.rows());
    o.addProperty("cols", p.cols());
    return o;
  }

  private static JsonObject blockHead(BlockPlacement b) {
    JsonObject j = new JsonObject();
    j.addProperty("weight", b.weight());
    j.addProperty("outputs", b.outputs());
    j.addProperty("inputs", b.inputs());
    j.add("siemensPerWeight", num(b.siemensPerWeight()));
    return j;
  }

  private static JsonObject tile(Tile t) {
    JsonObject k = new JsonObject();
    k.addProperty("array", t.array());
    k.add("rows", of(t.rows()));
    k.add("cols", of(t.cols()));
    k.addProperty("inStart", t.inStart());
    k.addProperty("inCount", t.inCount());
    k.addProperty("outStart", t.outStart());
    k.addProperty("outCount", t.outCount());
    k.addProperty("rowRep", t.rowRep());
    k.addProperty("colRep", t.colRep());
    return k;
  }

  static Placement decode(JsonObject o) {
    JsonArray bs = arr(o, "blocks");
    List<BlockPlacement> blocks = new ArrayList<>();
    for (int i = 0; i < bs.size(); i++) {
      JsonObject b = element(bs, i, "blocks");
      JsonArray ts = arr(b, "tiles");
      List<Tile> tiles = new ArrayList<>();
      for (int k = 0; k < ts.size(); k++) {
        JsonObject t = element(ts, k, "tiles");
        tiles.add(new Tile(integer(t, "array"), ints(t, "rows"), ints(t, "cols"), integer(t, "inStart"), integer(t, "inCount"),
            integer(t, "outStart"), integer(t, "outCount"), integer(t, "rowRep"), integer(t, "colRep")));
      }
      blocks.add(new BlockPlacement(str(b, "weight"), integer(b, "outputs"), integer(b, "inputs"), number(b, "siemensPerWeight"), tiles));
    }
    return new Placement(integer(o, "arrays"), integer(o, "rows"), integer(o, "cols"), blocks);
  }
}
