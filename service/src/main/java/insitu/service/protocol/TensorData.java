package insitu.service.protocol;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * The {@code data} array of a tensor as it streams in: its numbers, flat or nested, into a buffer
 * that never grows past the request's value limit, and the nesting seen, so a nested array can be
 * checked against the shape (every array at depth d holding shape[d] items) once both are known.
 */
final class TensorData {
  /** Deepest nesting accepted; ranks beyond this are refused anyway. */
  static final int MAX_DEPTH = RequestReader.MAX_RANK;
  private final String tensor;
  private final int maxValues;
  private double[] values;
  private int count;
  private int leafDepth = -1;
  private final int[] lengths = new int[MAX_DEPTH];
  private boolean ragged;

  /** @param expected the values the shape declares, when the shape came first (-1: not known yet) */
  TensorData(String tensor, int maxValues, long expected) {
    this.tensor = tensor;
    this.maxValues = maxValues;
    this.values = new double[(int) (expected >= 0 ? expected : Math.min(1024, maxValues))];
    Arrays.fill(lengths, -1);
  }

  void read(JsonReader r) throws IOException {
    if (r.peek() != JsonToken.BEGIN_ARRAY) throw ProtocolException.badRequest(tensor + ": \"data\" must be an array");
    readArray(r, 0);
  }

  private void readArray(JsonReader r, int depth) throws IOException {
    if (depth >= MAX_DEPTH) throw ProtocolException.badRequest(tensor + ": \"data\" is nested deeper than " + MAX_DEPTH + " levels");
    r.beginArray();
    int length = 0;
    while (r.hasNext()) {
      JsonToken t = r.peek();
      if (t == JsonToken.BEGIN_ARRAY) {
        if (leafDepth == depth) ragged = true;
        readArray(r, depth + 1);
      } else if (t == JsonToken.NUMBER) {
        if (leafDepth < 0) leafDepth = depth;
        else if (leafDepth != depth) ragged = true;
        add(r.nextDouble());
      } else {
        throw ProtocolException.badRequest(tensor + ": \"data\" must hold numbers, found " + t.name().toLowerCase(java.util.Locale.ROOT));
      }
      length++;
    }
    r.endArray();
    if (lengths[depth] < 0) lengths[depth] = length;
    else if (lengths[depth] != length) ragged = true;
  }

  private void add(double v) {
    if (count == values.length) {
      if (count >= maxValues)
        throw new ProtocolException(413, tensor + ": more than " + maxValues + " values (the service's limit per tensor)");
      values = Arrays.copyOf(values, (int) Math.min(maxValues, 2L * Math.max(1, count)));
    }
    values[count++] = v;
  }

  /** The values, once they are known to fit {@code shape}: flat, or nested exactly as the shape says. */
  double[] checkedAgainst(long[] shape, long declared) {
    if (count != declared)
      throw ProtocolException.badRequest(tensor + ": shape " + Arrays.toString(shape) + " declares " + declared + " values but \"data\" holds " + count);
    boolean nested = leafDepth > 0;
    if (nested) {
      boolean fits = !ragged && leafDepth == shape.length - 1;
      for (int d = 0; fits && d < shape.length; d++) fits = lengths[d] == shape[d];
      if (!fits) throw ProtocolException.badRequest(tensor + ": nested \"data\" does not have the shape " + Arrays.toString(shape));
    }
    return count == values.length ? values : Arrays.copyOf(values, count);
  }
}
