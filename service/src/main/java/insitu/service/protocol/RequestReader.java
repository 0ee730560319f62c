package insitu.service.protocol;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an inference request body as it streams in (no tree of boxed numbers, no copy of the
 * body): strict JSON, each tensor's shape checked against the value limit before anything is
 * allocated for it, its data against its shape and datatype. Every problem is a
 * {@link ProtocolException} (400; 413 past a limit) with a one-line message.
 */
public final class RequestReader {
  /** Highest tensor rank accepted. */
  public static final int MAX_RANK = 8;
  /** Most parameters accepted in one {@code parameters} object. */
  static final int MAX_PARAMETERS = 64;
  private final int maxValues;

  /** @param maxValues most values one tensor may hold */
  public RequestReader(int maxValues) {
    this.maxValues = maxValues;
  }

  /** Parses a whole request; {@code body} is read to its end and not closed. */
  public InferenceRequest read(InputStream body) {
    JsonReader r = new JsonReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    r.setStrictness(Strictness.STRICT);
    try {
      if (r.peek() != JsonToken.BEGIN_OBJECT) throw ProtocolException.badRequest("the request must be a JSON object");
      InferenceRequest q = request(r);
      if (!ends(r)) throw ProtocolException.badRequest("unexpected content after the request object");
      return q;
    } catch (EOFException e) {
      throw ProtocolException.badRequest("the request body ends in the middle of its JSON");
    } catch (MalformedJsonException e) {
      throw ProtocolException.badRequest("malformed JSON" + position(e.getMessage()));
    } catch (IllegalStateException | NumberFormatException e) {
      throw ProtocolException.badRequest("unexpected JSON: " + firstLine(e.getMessage()));
    } catch (BodyTooLargeException e) {
      throw new ProtocolException(413, e.getMessage());
    } catch (IOException e) {
      throw ProtocolException.badRequest("cannot read the request body: " + firstLine(e.getMessage()));
    }
  }

  private static boolean ends(JsonReader r) throws IOException {
    try {
      return r.peek() == JsonToken.END_DOCUMENT;
    } catch (MalformedJsonException e) {
      return false;
    }
  }

  /** Where Gson found the problem ("at line 1 column 3"), without its advice to parse leniently. */
  private static String position(String m) {
    java.util.regex.Matcher at = java.util.regex.Pattern.compile("at line \\d+ column \\d+").matcher(m == null ? "" : m);
    String what = m == null ? "" : firstLine(m).replaceAll("(?i)use JsonReader\\.setStrictness\\(Strictness\\.LENIENT\\) to accept malformed JSON", "")
        .replaceAll(" at line \\d+ column \\d+.*", "").strip();
    return (what.isEmpty() ? "" : ": " + what) + (at.find() ? " " + at.group() : "");
  }

  /** Gson's messages carry a link to its troubleshooting page on a second sentence; one line is enough. */
  private static String firstLine(String m) {
    if (m == null) return "";
    int cut = m.indexOf("\nSee ");
    return (cut > 0 ? m.substring(0, cut) : m).replace('\n', ' ');
  }

  private InferenceRequest request(JsonReader r) throws IOException {
    String id = null;
    List<RequestTensor> inputs = null;
    List<String> outputs = List.of();
    RequestTensor labels = null;
    Set<String> seen = new HashSet<>();
    r.beginObject();
    while (r.hasNext()) {
      String key = r.nextName();
      if (!seen.add(key)) throw ProtocolException.badRequest("the request has \"" + key + "\" twice");
      switch (key) {
        case "id" -> id = string(r, "\"id\"");
        case "parameters" -> parameters(r, "the request");
        case "inputs" -> inputs = inputs(r);
        case "outputs" -> outputs = outputs(r);
        case "labels" -> labels = tensor(r, "\"labels\"", false);
        default -> r.skipValue();
      }
    }
    r.endObject();
    if (inputs == null) throw ProtocolException.badRequest("the request has no \"inputs\"");
    return new InferenceRequest(id, inputs, outputs, labels);
  }

  private List<RequestTensor> inputs(JsonReader r) throws IOException {
    expect(r, JsonToken.BEGIN_ARRAY, "\"inputs\" must be an array");
    List<RequestTensor> list = new ArrayList<>();
    r.beginArray();
    while (r.hasNext()) list.add(tensor(r, "input " + list.size(), true));
    r.endArray();
    return list;
  }

  private List<String> outputs(JsonReader r) throws IOException {
    expect(r, JsonToken.BEGIN_ARRAY, "\"outputs\" must be an array");
    List<String> names = new ArrayList<>();
    r.beginArray();
    while (r.hasNext()) {
      String where = "output " + names.size();
      expect(r, JsonToken.BEGIN_OBJECT, where + " must be an object");
      String name = null;
      r.beginObject();
      while (r.hasNext()) {
        switch (r.nextName()) {
          case "name" -> name = string(r, where + " \"name\"");
          case "parameters" -> parameters(r, where);
          default -> r.skipValue();
        }
      }
      r.endObject();
      if (name == null) throw ProtocolException.badRequest(where + " has no \"name\"");
      names.add(name);
    }
    r.endArray();
    return names;
  }

  /** A tensor object; its shape is checked against the limit as soon as it is read, before its data. */
  private RequestTensor tensor(JsonReader r, String where, boolean named) throws IOException {
    expect(r, JsonToken.BEGIN_OBJECT, where + " must be an object");
    String name = null, type = null;
    long[] shape = null;
    long declared = -1;
    TensorData data = null;
    Set<String> seen = new HashSet<>();
    r.beginObject();
    while (r.hasNext()) {
      String key = r.nextName();
      if (!seen.add(key)) throw ProtocolException.badRequest(where + " has \"" + key + "\" twice");
      switch (key) {
        case "name" -> {
          name = string(r, where + " \"name\"");
          where = "input '" + name + "'";
        }
        case "shape" -> {
          shape = shape(r, where);
          declared = declaredValues(shape, where);
        }
        case "datatype" -> type = string(r, where + " \"datatype\"");
        case "parameters" -> parameters(r, where);
        case "data" -> {
          data = new TensorData(where, maxValues, declared);
          data.read(r);
        }
        default -> r.skipValue();
      }
    }
    r.endObject();
    if (named && name == null) throw ProtocolException.badRequest(where + " has no \"name\"");
    if (shape == null) throw ProtocolException.badRequest(where + " has no \"shape\"");
    if (type == null) throw ProtocolException.badRequest(where + " has no \"datatype\"");
    if (data == null) throw ProtocolException.badRequest(where + " has no \"data\" (binary tensor data is not supported)");
    Datatype datatype = Datatype.parse(type, where);
    if (!datatype.isNumeric())
      throw ProtocolException.badRequest(where + ": datatype " + type + " is not supported; send FP32 (or FP64, an integer type)");
    double[] values = data.checkedAgainst(shape, declared);
    for (int i = 0; i < values.length; i++) values[i] = datatype.convert(values[i], where);
    return new RequestTensor(name == null ? "" : name, shape, datatype, values);
  }

  private static long[] shape(JsonReader r, String where) throws IOException {
    expect(r, JsonToken.BEGIN_ARRAY, where + ": \"shape\" must be an array of integers");
    long[] dims = new long[MAX_RANK];
    int rank = 0;
    r.beginArray();
    while (r.hasNext()) {
      if (rank == MAX_RANK) throw ProtocolException.badRequest(where + ": shape has more than " + MAX_RANK + " dimensions");
      if (r.peek() != JsonToken.NUMBER) throw ProtocolException.badRequest(where + ": \"shape\" must be an array of integers");
      double d = r.nextDouble();
      if (d != Math.rint(d) || d < 0 || d > Long.MAX_VALUE)
        throw ProtocolException.badRequest(where + ": shape dimension " + d + " is not an integer >= 0");
      dims[rank++] = (long) d;
    }
    r.endArray();
    return Arrays.copyOf(dims, rank);
  }

  /** The number of values a shape declares, refused past the limit before anything is allocated. */
  private long declaredValues(long[] shape, String where) {
    long n = 1;
    for (long d : shape) {
      if (d == 0) return 0;
      if (d > maxValues || n > maxValues / d)
        throw new ProtocolException(413, where + ": shape " + Arrays.toString(shape) + " declares more than " + maxValues
            + " values (the service's limit per tensor)");
      n *= d;
    }
    return n;
  }

  /** A parameters object: names to strings, numbers or booleans; none is acted on but binary data, which is refused. */
  private static void parameters(JsonReader r, String where) throws IOException {
    expect(r, JsonToken.BEGIN_OBJECT, where + ": \"parameters\" must be an object");
    int n = 0;
    r.beginObject();
    while (r.hasNext()) {
      if (++n > MAX_PARAMETERS) throw ProtocolException.badRequest(where + ": more than " + MAX_PARAMETERS + " parameters");
      String name = r.nextName();
      JsonToken t = r.peek();
      if (t == JsonToken.BOOLEAN) {
        boolean on = r.nextBoolean();
        if (on && (name.equals("binary_data") || name.equals("binary_data_output")))
          throw ProtocolException.badRequest(where + ": binary tensor data is not supported; leave \"" + name + "\" false");
      } else if (t == JsonToken.STRING || t == JsonToken.NUMBER) {
        if (name.equals("binary_data_size")) throw ProtocolException.badRequest(where + ": binary tensor data is not supported");
        r.skipValue();
      } else {
        throw ProtocolException.badRequest(where + ": parameter '" + name + "' must be a string, number or boolean");
      }
    }
    r.endObject();
  }

  private static String string(JsonReader r, String what) throws IOException {
    if (r.peek() != JsonToken.STRING) throw ProtocolException.badRequest(what + " must be a string");
    return r.nextString();
  }

  private static void expect(JsonReader r, JsonToken t, String message) throws IOException {
    if (r.peek() != t) throw ProtocolException.badRequest(message);
  }
}
