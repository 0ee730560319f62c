package insitu.compiler.ir;

/** A weight as the crossbar sees it: outputs × inputs, row-major. */
public record WeightMatrix(String name, int outputs, int inputs, double[] values) {

  public WeightMatrix {
    if (values.length != outputs * inputs)
      throw new IllegalArgumentException(name + ": " + outputs + "x" + inputs + " needs " + outputs * inputs + " values, got " + values.length);
  }

  static WeightMatrix transposeOf(String name, int rows, int cols, Tensor rowMajor) {
    double[] t = new double[rows * cols];
    for (int i = 0; i < rows; i++)
      for (int j = 0; j < cols; j++) t[j * rows + i] = rowMajor.get(i * cols + j);
    return new WeightMatrix(name, cols, rows, t);
  }

  public double get(int out, int in) {
    return values[out * inputs + in];
  }
}
