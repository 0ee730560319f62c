package insitu.sdk.zoo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import insitu.compiler.InputRange;
import insitu.errors.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The trained models shipped with the SDK ({@code insitu/sdk/zoo/}: {@code index.json}, one ONNX
 * file and one card per model, made by {@code tools/zoo/train_zoo.py}), usable by name wherever a
 * model is asked for.
 */
public final class ModelZoo {
  private static final String DIR = "/insitu/sdk/zoo/";

  private final List<ZooModel> models;

  private ModelZoo(List<ZooModel> models) {
    this.models = List.copyOf(models);
  }

  /** The zoo on the class path. */
  public static ModelZoo bundled() {
    try {
      JsonObject index = JsonParser.parseString(new String(resource("index.json"), StandardCharsets.UTF_8)).getAsJsonObject();
      List<ZooModel> models = new ArrayList<>();
      for (JsonElement m : index.getAsJsonArray("models")) {
        JsonObject o = m.getAsJsonObject();
        models.add(new ZooModel(o.get("name").getAsString(), o.get("onnx").getAsString(), o.get("dataset").getAsString(),
            InputRange.parse(o.get("input_range").getAsString()), o.get("weights").getAsLong(), o.get("software_test_accuracy").getAsDouble()));
      }
      return new ModelZoo(models);
    } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
      throw new BadInputException(DIR + "index.json: damaged (" + e.getMessage() + "); rebuild the SDK");
    }
  }

  public List<ZooModel> models() {
    return models;
  }

  public Optional<ZooModel> named(String name) {
    return models.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /** The model's ONNX file. */
  public byte[] onnxBytes(ZooModel model) {
    return resource(model.onnx());
  }

  private static byte[] resource(String file) {
    try (InputStream in = ModelZoo.class.getResourceAsStream(DIR + file)) {
      if (in == null) throw new BadInputException(DIR + file + ": missing from the class path; rebuild the SDK");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new BadInputException(DIR + file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
