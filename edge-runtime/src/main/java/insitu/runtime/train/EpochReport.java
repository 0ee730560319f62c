package insitu.runtime.train;

/**
 * What one epoch did; the JSON report's "epochs" entries. {@code testAccuracyPerOutput} holds the
 * test accuracy of every graph output (per time step of a recurrent graph); the last one is
 * {@code testAccuracy}. {@code seconds} is the whole epoch, test evaluation included; {@code samplesPerSecond}
 * counts the training alone (training samples over the time spent training them).
 */
public record EpochReport(int epoch, double trainAccuracy, double testAccuracy, double loss, double seconds,
                          double samplesPerSecond, long pulses, long reads, double learningRate, double[] testAccuracyPerOutput) {}
