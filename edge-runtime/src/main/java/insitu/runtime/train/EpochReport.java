package insitu.runtime.train;

/** What one epoch did; the JSON report's "epochs" entries. */
public record EpochReport(int epoch, double trainAccuracy, double testAccuracy, double loss, double seconds,
                          double samplesPerSecond, long pulses, long reads, double learningRate) {}
