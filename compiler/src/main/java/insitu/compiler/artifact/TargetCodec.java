package insitu.compiler.artifact;

import static insitu.compiler.artifact.JsonFields.arr;
import static insitu.compiler.artifact.JsonFields.integer;
import static insitu.compiler.artifact.JsonFields.num;
import static insitu.compiler.artifact.JsonFields.number;
import static insitu.compiler.artifact.JsonFields.obj;
import static insitu.compiler.artifact.JsonFields.str;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import insitu.boards.BoardSpec;
import insitu.boards.DefectMap;
import java.util.Set;
import java.util.TreeSet;

/**
 * The target board spec as JSON, defects as explicit [array, row] / [array, col] / [array, row,
 * col] lists (never the packed keys, which are an in-memory detail) plus a count summary.
 */
final class TargetCodec {
  private TargetCodec() {}

  static JsonObject encode(BoardSpec s) {
    JsonObject o = new JsonObject();
    o.addProperty("name", s.name());
    o.addProperty("arrays", s.arrays());
    o.addProperty("rows", s.rows());
    o.addProperty("cols", s.cols());
    o.add("minSiemens", num(s.minSiemens()));
    o.add("maxSiemens", num(s.maxSiemens()));
    o.add("readVolts", num(s.readVolts()));
    o.add("maxSetVolts", num(s.maxSetVolts()));
    o.add("maxResetVolts", num(s.maxResetVolts()));
    o.add("maxGateVolts", num(s.maxGateVolts()));
    o.addProperty("adcBits", s.adcBits());
    o.add("fullScaleAmps", num(s.fullScaleAmps()));
    DefectMap d = s.defects();
    JsonObject defects = new JsonObject();
    JsonObject summary = new JsonObject();
    summary.addProperty("badRows", d.badRows().size());
    summary.addProperty("badCols", d.badCols().size());
    summary.addProperty("badCells", d.badCells().size());
    defects.add("summary", summary);
    JsonArray rows = new JsonArray(), cols = new JsonArray(), cells = new JsonArray();
    for (long k : new TreeSet<>(d.badRows())) rows.add(pair(k));
    for (long k : new TreeSet<>(d.badCols())) cols.add(pair(k));
    for (long k : new TreeSet<>(d.badCells())) {
      JsonArray c = new JsonArray();
      c.add((int) (k >>> 40));
      c.add((int) ((k >>> 20) & 0xfffff));
      c.add((int) (k & 0xfffff));
      cells.add(c);
    }
    defects.add("badRows", rows);
    defects.add("badCols", cols);
    defects.add("badCells", cells);
    o.add("defects", defects);
    return o;
  }

  private static JsonArray pair(long key) {
    JsonArray p = new JsonArray();
    p.add((int) (key >>> 32));
    p.add((int) key);
    return p;
  }

  static BoardSpec decode(JsonObject o) {
    JsonObject d = obj(o, "defects");
    Set<Long> rows = new TreeSet<>(), cols = new TreeSet<>(), cells = new TreeSet<>();
    int na = integer(o, "arrays"), nr = integer(o, "rows"), nc = integer(o, "cols");
    for (int[] p : tuples(arr(d, "badRows"), new int[] {na, nr}, "badRows")) rows.add(DefectMap.lineKey(p[0], p[1]));
    for (int[] p : tuples(arr(d, "badCols"), new int[] {na, nc}, "badCols")) cols.add(DefectMap.lineKey(p[0], p[1]));
    for (int[] p : tuples(arr(d, "badCells"), new int[] {na, nr, nc}, "badCells")) cells.add(DefectMap.cellKey(p[0], p[1], p[2]));
    DefectMap m = new DefectMap(rows, cols, cells);
    return new BoardSpec(str(o, "name"), na, nr, nc,
        number(o, "minSiemens"), number(o, "maxSiemens"), number(o, "readVolts"), number(o, "maxSetVolts"),
        number(o, "maxResetVolts"), number(o, "maxGateVolts"), integer(o, "adcBits"), number(o, "fullScaleAmps"), m);
  }

  /** Lists of coordinates, each below its bound in {@code limits} (arrays, rows, columns). */
  private static java.util.List<int[]> tuples(JsonArray a, int[] limits, String what) {
    int n = limits.length;
    java.util.List<int[]> out = new java.util.ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      JsonElement e = a.get(i);
      if (!e.isJsonArray() || e.getAsJsonArray().size() != n)
        throw new JsonFields.FieldException("defects." + what + "[" + i + "] must be a list of " + n + " integers");
      int[] v = new int[n];
      for (int k = 0; k < n; k++) {
        JsonElement x = e.getAsJsonArray().get(k);
        if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber() || !(x.getAsDouble() >= 0) || x.getAsDouble() >= limits[k]
            || x.getAsDouble() != Math.rint(x.getAsDouble()))
          throw new JsonFields.FieldException("defects." + what + "[" + i + "] must hold integers inside the board's "
              + java.util.Arrays.toString(limits));
        v[k] = (int) x.getAsDouble();
      }
      out.add(v);
    }
    return out;
  }
}
