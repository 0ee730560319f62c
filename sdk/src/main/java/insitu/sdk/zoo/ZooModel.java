package insitu.sdk.zoo;

import insitu.compiler.InputRange;

/**
 * One model of the zoo, as its index entry describes it.
 *
 * @param name what {@code --model} and {@code Insitu.load} take, e.g. {@code lenet5-fashion}
 * @param onnx the ONNX file's name inside the zoo
 * @param dataset the data set it was trained on ({@code mnist8}, {@code mnist28}, {@code fashion-mnist})
 * @param inputRange the input scaling it was trained with
 * @param weights its trainable parameters in PyTorch (crossbar weights and biases)
 * @param softwareAccuracy its test accuracy in PyTorch
 */
public record ZooModel(String name, String onnx, String dataset, InputRange inputRange, long weights, double softwareAccuracy) {
  /** Where Debian's {@code dataset-fashion-mnist} package puts the IDX files. */
  public static final String FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

  /** The {@code --data} argument of its data set. */
  public String dataSpec() {
    return dataset.equals("fashion-mnist") ? "idx:" + FASHION_MNIST_DIR : dataset;
  }
}
