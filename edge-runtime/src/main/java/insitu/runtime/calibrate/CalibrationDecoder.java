package insitu.runtime.calibrate;

import static insitu.compiler.artifact.JsonFields.arr;
import static insitu.compiler.artifact.JsonFields.element;
import static insitu.compiler.artifact.JsonFields.integer;
import static insitu.compiler.artifact.JsonFields.longValue;
import static insitu.compiler.artifact.JsonFields.number;
import static insitu.compiler.artifact.JsonFields.str;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import insitu.boards.BoardSpec;
import insitu.compiler.artifact.JsonFields.FieldException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a calibration's JSON object field by field, strictly: every field present with its JSON
 * type (a number is not a string, an integer has no fraction), every number finite and in the
 * range a measurement can have, list lengths consistent with the cells tested. A file that
 * passes gives a calibration the mapper and programmer can use as it is; anything else is a
 * {@link FieldException} naming the field.
 */
final class CalibrationDecoder {
  /** Conductances above a siemens or voltages above 100 V are no memristor board's. */
  private static final double MAX_SIEMENS = 1, MAX_VOLTS = 100;
  /** A self-test that took more than a year did not take place. */
  private static final double MAX_SECONDS = 365 * 86400.0;
  /** At most one entry per cell of the largest board a spec may describe. */
  private static final long MAX_LIST = 1L << 22;

  private CalibrationDecoder() {}

  static Calibration decode(JsonObject o) {
    long cellsTested = longValue(o, "cellsTested");
    if (cellsTested < 0) throw new FieldException("field 'cellsTested' must be >= 0, was " + cellsTested);
    double low = range(o, "windowLowSiemens", 0, MAX_SIEMENS), high = range(o, "windowHighSiemens", 0, MAX_SIEMENS);
    if (!(high > low)) throw new FieldException("the window must have windowHighSiemens > windowLowSiemens, was " + low + " to " + high);
    double minGate = range(o, "minGateVolts", 0, MAX_VOLTS), maxGate = range(o, "maxGateVolts", 0, MAX_VOLTS);
    if (!(maxGate >= minGate)) throw new FieldException("maxGateVolts must be >= minGateVolts, was " + minGate + " to " + maxGate);
    double center = range(o, "centerSiemens", low, high);
    long pulses = longValue(o, "pulses");
    if (pulses < 0) throw new FieldException("field 'pulses' must be >= 0, was " + pulses);
    JsonArray stuck = list(o, "stuckCells", Math.min(cellsTested, MAX_LIST));
    List<Calibration.StuckCell> cells = new ArrayList<>(stuck.size());
    for (int i = 0; i < stuck.size(); i++) {
      JsonObject c = element(stuck, i, "stuckCells");
      cells.add(new Calibration.StuckCell(coordinate(c, "array"), coordinate(c, "row"), coordinate(c, "col"), range(c, "siemens", 0, MAX_SIEMENS)));
    }
    return new Calibration(str(o, "board"), range(o, "seconds", 0, MAX_SECONDS), pulses,
        positive(o, "slopeSiemensPerVolt", MAX_SIEMENS), range(o, "offsetSiemens", -MAX_SIEMENS, MAX_SIEMENS),
        range(o, "fitRmsSiemens", 0, MAX_SIEMENS), minGate, maxGate, positive(o, "setVolts", MAX_VOLTS),
        positive(o, "resetVolts", MAX_VOLTS), range(o, "resetGateVolts", 0, MAX_VOLTS), low, high,
        range(o, "readNoiseRelative", 0, 1), range(o, "readNoiseSiemens", 0, MAX_SIEMENS), range(o, "writeSpreadSiemens", 0, MAX_SIEMENS),
        positive(o, "maxWeight", 1e6), positive(o, "siemensPerWeight", MAX_SIEMENS), center, positive(o, "toleranceSiemens", MAX_SIEMENS),
        (int) Math.min(cellsTested, Integer.MAX_VALUE), cells, lines(o, "badRows"), lines(o, "badCols"));
  }

  private static double range(JsonObject o, String key, double min, double max) {
    double v = number(o, key);
    if (!(v >= min && v <= max)) throw new FieldException("field '" + key + "' must be a finite number in [" + min + ", " + max + "], was " + v);
    return v;
  }

  private static double positive(JsonObject o, String key, double max) {
    double v = number(o, key);
    if (!(v > 0 && v <= max)) throw new FieldException("field '" + key + "' must be a finite number > 0 (at most " + max + "), was " + v);
    return v;
  }

  private static int coordinate(JsonObject o, String key) {
    int v = integer(o, key);
    if (v < 0 || v > BoardSpec.MAX_LINES) throw new FieldException("field '" + key + "' must be in 0.." + BoardSpec.MAX_LINES + ", was " + v);
    return v;
  }

  private static JsonArray list(JsonObject o, String key, long max) {
    JsonArray a = arr(o, key);
    if (a.size() > max) throw new FieldException("field '" + key + "' lists " + a.size() + " entries, more than the " + max + " possible");
    return a;
  }

  /** Bad lines as [array, index] pairs. */
  private static List<int[]> lines(JsonObject o, String key) {
    JsonArray a = list(o, key, MAX_LIST);
    List<int[]> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      JsonElement e = a.get(i);
      JsonArray p = e.isJsonArray() ? e.getAsJsonArray() : null;
      if (p == null || p.size() != 2) throw new FieldException("field '" + key + "[" + i + "]' must be [array, index]");
      int[] v = new int[2];
      for (int k = 0; k < 2; k++) {
        JsonElement x = p.get(k);
        long n;
        try {
          n = x.isJsonPrimitive() && x.getAsJsonPrimitive().isNumber() ? new java.math.BigDecimal(x.getAsString()).longValueExact() : -1;
        } catch (ArithmeticException | NumberFormatException ex) {
          n = -1;
        }
        if (n < 0 || n > BoardSpec.MAX_LINES) throw new FieldException("field '" + key + "[" + i + "]' must hold integers in 0.." + BoardSpec.MAX_LINES);
        v[k] = (int) n;
      }
      out.add(v);
    }
    return out;
  }
}
