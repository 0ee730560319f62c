package insitu.boards.conformance;

/**
 * Per-cell mean and sample standard deviation of repeated reads: the suite's measure of the
 * board's read noise (INFO states the ADC, not the noise).
 *
 * @param repeats reads per cell
 */
public record ReadStatistics(double[] mean, double[] sigma, int repeats) {

  static ReadStatistics of(double[][] samples) {
    int k = samples.length, n = samples[0].length;
    double[] mean = new double[n], sigma = new double[n];
    for (double[] s : samples) for (int i = 0; i < n; i++) mean[i] += s[i] / k;
    for (double[] s : samples) for (int i = 0; i < n; i++) sigma[i] += (s[i] - mean[i]) * (s[i] - mean[i]) / (k - 1);
    for (int i = 0; i < n; i++) sigma[i] = Math.sqrt(sigma[i]);
    return new ReadStatistics(mean, sigma, k);
  }

  public double maxSigma() {
    double m = 0;
    for (double s : sigma) m = Math.max(m, s);
    return m;
  }
}
