package insitu.sdk.job;

import insitu.compiler.InputRange;
import insitu.compiler.builder.BuiltInModel;
import insitu.compiler.ir.Graph;
import insitu.compiler.ir.Tensor;
import insitu.sdk.zoo.ModelZoo;
import insitu.sdk.zoo.ZooModel;
import java.util.ArrayList;
import java.util.List;

/** {@code insitu models}: the models known by name, built in (untrained) and from the zoo (trained). */
public final class ModelsJob {
  private ModelsJob() {}

  /**
   * One model known by name.
   *
   * @param data what {@code --data} names its data set
   * @param inputRange the input range it expects, e.g. {@code 0,1}
   * @param softwareAccuracy its test accuracy in software, NaN for an untrained one
   */
  public record Row(String name, String kind, String dataset, String data, String inputRange, long weights, double softwareAccuracy) {}

  /** The list as {@code insitu models --json} prints it. */
  public record Report(String command, List<Row> models) {}

  public static Report report() {
    return new Report("models", list());
  }

  /** One row per model, the built-in ones first, then the zoo's. */
  public static List<Row> list() {
    List<Row> rows = new ArrayList<>();
    for (BuiltInModel b : BuiltInModel.values()) {
      Graph g = b.build(1);
      long weights = g.initializers().values().stream().mapToLong(Tensor::size).sum();
      String data = ModelCatalog.defaultData(b.id());
      rows.add(new Row(b.id(), "built-in, untrained", data, data, InputRange.UNIT.toString(), weights, Double.NaN));
    }
    for (ZooModel z : ModelZoo.bundled().models())
      rows.add(new Row(z.name(), "zoo, trained", z.dataset(), z.dataSpec(), z.inputRange().toString(), z.weights(), z.softwareAccuracy()));
    return rows;
  }
}
