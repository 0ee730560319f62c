package insitu.samples.finetune;

import insitu.sdk.DeployOptions;
import insitu.sdk.DeployedModel;
import insitu.sdk.Insitu;
import insitu.sdk.data.DatasetSplit;

/**
 * Ex situ → in situ: a model trained in PyTorch (ONNX) is programmed with write-verify onto a
 * board with stuck cells, loses accuracy, and one epoch of in situ training wins most of it back
 * (the board's own defects are in the forward pass, so training routes around them).
 *
 * <p>Run: {@code java -cp "samples/target/classes:cli/target/lib/*"
 * insitu.samples.finetune.FineTuneImported compiler/src/test/resources/fixtures/convlstm.onnx 'sim:paper?stuck=0.05'}
 */
public final class FineTuneImported {
  private FineTuneImported() {}

  public static void main(String[] args) {
    String model = args.length > 0 ? args[0] : "compiler/src/test/resources/fixtures/convlstm.onnx";
    String board = args.length > 1 ? args[1] : "sim:paper?stuck=0.05";
    DatasetSplit data = Insitu.data("mnist-seq");
    try (DeployedModel m = Insitu.load(model).deploy(board, DeployOptions.defaults())) {
      System.out.println(m.initialization());
      System.out.printf("after programming: %.3f%n", m.accuracy(data.test()));
      m.fineTune(data.train(), 1);
      System.out.printf("after one epoch in situ: %.3f%n", m.accuracy(data.test()));
    }
  }
}
