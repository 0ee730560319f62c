package insitu.sdk.job;

import insitu.compiler.InputRange;
import insitu.compiler.builder.BuiltInModel;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Tensor;
import insitu.sdk.zoo.ModelZoo;
import insitu.sdk.zoo.ZooModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code insitu models}: the models known by name, built in (untrained) and from the zoo (trained). */
public final class ModelsJob {
  private ModelsJob() {}

  /** One row per model: name, kind, data set and its {@code --data}, input range, weights, software accuracy. */
  public static List<Map<String, Object>> list() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (BuiltInModel b : BuiltInModel.values()) {
      Graph g = b.build(1);
      long weights = g.initializers().values().stream().mapToLong(Tensor::size).sum();
      String data = ModelCatalog.defaultData(b.id());
      rows.add(row(b.id(), "built-in, untrained", data, data, InputRange.UNIT, weights, Double.NaN));
    }
    for (ZooModel z : ModelZoo.bundled().models())
      rows.add(row(z.name(), "zoo, trained", z.dataset(), z.dataSpec(), z.inputRange(), z.weights(), z.softwareAccuracy()));
    return rows;
  }

  private static Map<String, Object> row(String name, String kind, String dataset, String dataSpec, InputRange range, long weights,
                                         double accuracy) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("kind", kind);
    m.put("dataset", dataset);
    m.put("data", dataSpec);
    m.put("input_range", range.toString());
    m.put("weights", weights);
    m.put("software_accuracy", accuracy);
    return m;
  }
}
